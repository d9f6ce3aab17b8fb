package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/otpfill/otpfill/vault"
	"golang.org/x/term"
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

func (c *cli) stdinIsTerminal() bool {
	f, ok := c.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// passphrase gets the current passphrase: file, else a prompt without echo
// on a terminal, else the next line of stdin.
func (c *cli) passphrase(prompt string) ([]byte, error) {
	if p := c.passphraseFile(); p != "" {
		return vault.ReadPassphraseFile(p)
	}
	return c.askOrRead(prompt)
}

func (c *cli) askOrRead(prompt string) ([]byte, error) {
	if c.stdinIsTerminal() {
		fmt.Fprint(c.stderr, prompt)
		p, err := term.ReadPassword(int(c.stdin.(*os.File).Fd()))
		fmt.Fprintln(c.stderr)
		if err != nil {
			return nil, errors.New("cannot read the passphrase from the terminal")
		}
		return p, nil
	}
	if c.stdinLines == nil {
		c.stdinLines = &lineReader{bufio.NewReader(c.stdin)}
	}
	return c.stdinLines.next()
}

// newPassphrase asks twice on a terminal; from a file or stdin it is taken
// as given. It refuses an empty passphrase.
func (c *cli) newPassphrase(file string) ([]byte, error) {
	var p []byte
	var err error
	switch {
	case file != "":
		p, err = vault.ReadPassphraseFile(file)
	case c.stdinIsTerminal():
		if p, err = c.askOrRead("New passphrase: "); err != nil {
			return nil, err
		}
		again, err := c.askOrRead("Repeat it: ")
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(p, again) {
			return nil, errors.New("the passphrases do not match")
		}
	default:
		p, err = c.askOrRead("")
	}
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(p))) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	if len(p) < 8 {
		fmt.Fprintln(c.stderr, "otpfill: warning: a passphrase under 8 characters is weak")
	}
	return p, nil
}
