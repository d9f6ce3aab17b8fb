package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"unicode/utf8"

	"github.com/otpfill/otpfill/vault"
	"golang.org/x/term"
)

var (
	errCancelled    = errors.New("cancelled")
	errNoPassphrase = errors.New("no passphrase given")
)

// lineReader hands out stdin one line at a time, so a script can pipe the
// current and the new passphrase to passwd.
type lineReader struct{ r *bufio.Reader }

func (l *lineReader) next() ([]byte, error) {
	line, err := l.r.ReadBytes('\n')
	if err != nil && (err != io.EOF || len(line) == 0) {
		return nil, errors.New("no passphrase on standard input")
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// passphraseFile is --passphrase-file, else $OTPFILL_PASSPHRASE_FILE.
func (c *cli) passphraseFile() string {
	if c.passFile != "" {
		return c.passFile
	}
	return os.Getenv("OTPFILL_PASSPHRASE_FILE")
}

func (c *cli) terminal() (*os.File, bool) {
	f, ok := c.stdin.(*os.File)
	return f, ok && term.IsTerminal(int(f.Fd()))
}

func (c *cli) stdinIsTerminal() bool {
	_, ok := c.terminal()
	return ok
}

// passphrase gets the current passphrase: file, else a prompt without echo
// on a terminal, else the next line of stdin. An empty one is refused
// before any key derivation runs.
func (c *cli) passphrase(prompt string) ([]byte, error) {
	if p := c.passphraseFile(); p != "" {
		return vault.ReadPassphraseFile(p)
	}
	p, err := c.askOrRead(prompt)
	if err == nil && len(p) == 0 {
		return nil, errNoPassphrase
	}
	return p, err
}

func (c *cli) askOrRead(prompt string) ([]byte, error) {
	if f, ok := c.terminal(); ok {
		return readHidden(f, c.stderr, prompt)
	}
	if c.stdinLines == nil {
		c.stdinLines = &lineReader{bufio.NewReader(c.stdin)}
	}
	return c.stdinLines.next()
}

// readHidden reads a line from the terminal without echo. golang.org/x/term's
// ReadPassword ignores Ctrl-D (it keeps reading after the terminal's
// zero-length read), so read in raw mode: Ctrl-D or Ctrl-Z on an empty line
// and Ctrl-C cancel at once; Backspace and Ctrl-U edit.
func readHidden(f *os.File, w io.Writer, prompt string) ([]byte, error) {
	fd := int(f.Fd())
	state, err := term.MakeRaw(fd)
	if err != nil {
		return nil, errors.New("cannot read the passphrase from the terminal")
	}
	// A kill or a closed terminal during the prompt must not leave the
	// terminal without echo (Ctrl-C is a byte in raw mode, read below).
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGHUP)
	read := make(chan struct{})
	go func() {
		select {
		case <-sig:
			term.Restore(fd, state)
			fmt.Fprintln(w)
			os.Exit(1)
		case <-read:
		}
	}()
	fmt.Fprint(w, prompt)
	line, err := readHiddenLine(f)
	signal.Stop(sig)
	close(read)
	term.Restore(fd, state)
	fmt.Fprintln(w)
	return line, err
}

func readHiddenLine(r io.Reader) ([]byte, error) {
	var line []byte
	var b [1]byte // one byte at a time: nothing after Enter is consumed
	for {
		if n, err := r.Read(b[:]); n == 0 {
			wipe(line)
			if err == nil || err == io.EOF {
				return nil, errCancelled
			}
			return nil, errors.New("cannot read the passphrase from the terminal")
		}
		switch c := b[0]; {
		case c == '\r' || c == '\n':
			return line, nil
		case c == 0x03 || ((c == 0x04 || c == 0x1a) && len(line) == 0): // Ctrl-C; Ctrl-D, Ctrl-Z on an empty line
			wipe(line)
			return nil, errCancelled
		case c == 0x7f || c == 0x08: // Backspace drops one character
			_, size := utf8.DecodeLastRune(line)
			wipe(line[len(line)-size:])
			line = line[:len(line)-size]
		case c == 0x15: // Ctrl-U drops the line
			wipe(line)
			line = line[:0]
		case c >= 0x20: // other control keys (arrows send ESC [ A) are not part of a passphrase
			line = append(line, c)
		}
	}
}

// newPassphrase gets a new passphrase: from a file as given; on a terminal
// and from stdin twice, refusing two that differ. It refuses an empty one.
func (c *cli) newPassphrase(file string) ([]byte, error) {
	var p []byte
	var err error
	if file != "" {
		p, err = vault.ReadPassphraseFile(file)
	} else {
		p, err = c.newPassphraseTwice()
	}
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(p)) == 0 {
		wipe(p)
		return nil, errors.New("the new passphrase is empty")
	}
	if utf8.RuneCount(p) < 8 {
		fmt.Fprintln(c.stderr, "otpfill: warning: a passphrase under 8 characters is weak")
	}
	return p, nil
}

func (c *cli) newPassphraseTwice() ([]byte, error) {
	atTerminal := c.stdinIsTerminal()
	prompt := func(s string) string {
		if atTerminal {
			return s
		}
		return ""
	}
	p, err := c.askOrRead(prompt("New passphrase: "))
	if err != nil {
		return nil, err
	}
	again, err := c.askOrRead(prompt("Repeat it: "))
	if err != nil {
		wipe(p)
		if !atTerminal {
			return nil, errors.New("standard input must give the new passphrase twice, on two lines")
		}
		return nil, err
	}
	defer wipe(again)
	if !bytes.Equal(p, again) {
		wipe(p)
		return nil, errors.New("the two new passphrases differ; nothing changed")
	}
	return p, nil
}
