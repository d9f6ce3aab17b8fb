package main

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/atotto/clipboard"
	"github.com/spf13/cobra"
)

// clearClipboardCommand is the hidden child that empties the clipboard
// after clipTime, as pass does: it reads the SHA-256 of the copied code
// and the delay on stdin, and clears only if the clipboard still holds the
// code (the user may have copied something else since).
const clearClipboardCommand = "__clear-clipboard"

// clipTime is how long a copied code stays: 45 s, or $OTPFILL_CLIP_TIME
// seconds (pass's PASSWORD_STORE_CLIP_TIME).
func clipTime() time.Duration {
	if s, err := strconv.Atoi(os.Getenv("OTPFILL_CLIP_TIME")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 45 * time.Second
}

// copyCode puts code on the clipboard and starts a detached child that
// clears it later.
func copyCode(code string) error {
	if err := clipboardUsable(); err != nil {
		return err
	}
	if err := clipboard.WriteAll(code); err != nil {
		return fmt.Errorf("cannot copy to the clipboard: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("copied, but cannot start the clipboard clearer: %v", err)
	}
	sum := sha256.Sum256([]byte(code))
	cmd := exec.Command(exe, clearClipboardCommand)
	cmd.Stdin = strings.NewReader(hex.EncodeToString(sum[:]) + " " + strconv.Itoa(int(clipTime().Seconds())) + "\n")
	cmd.SysProcAttr = detached()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("copied, but cannot start the clipboard clearer: %v", err)
	}
	return cmd.Process.Release()
}

// clipboardUsable says clearly why there is no clipboard, before anything
// is copied.
func clipboardUsable() error {
	if clipboard.Unsupported {
		return errors.New("no clipboard tool found: install wl-clipboard (Wayland), xclip or xsel")
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no clipboard here: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset)")
	}
	return nil
}

func addClearClipboardCmd(root *cobra.Command, c *cli) {
	root.AddCommand(&cobra.Command{
		Use:    clearClipboardCommand,
		Hidden: true,
		Args:   noArgs,
		RunE:   func(cmd *cobra.Command, args []string) error { return clearClipboardLater(c.stdin, time.Sleep) },
	})
}

func clearClipboardLater(in io.Reader, sleep func(time.Duration)) error {
	line, err := bufio.NewReader(io.LimitReader(in, 256)).ReadString('\n')
	if err != nil {
		return errors.New("expected the code's SHA-256 and the delay on stdin")
	}
	hash, secs, _ := strings.Cut(strings.TrimSpace(line), " ")
	want, err := hex.DecodeString(hash)
	delay, derr := strconv.Atoi(secs)
	if err != nil || len(want) != sha256.Size || derr != nil || delay < 0 {
		return errors.New("expected the code's SHA-256 and the delay on stdin")
	}
	sleep(time.Duration(delay) * time.Second)
	now, err := clipboard.ReadAll()
	if err != nil {
		return err
	}
	got := sha256.Sum256([]byte(strings.TrimRight(now, "\r\n")))
	if subtle.ConstantTimeCompare(got[:], want) != 1 {
		return nil // something else was copied since: leave it
	}
	return clipboard.WriteAll("")
}
