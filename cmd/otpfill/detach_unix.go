//go:build unix

package main

import "syscall"

// detached lets the clipboard clearer outlive this process and its
// terminal session.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
