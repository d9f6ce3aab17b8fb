package e2e

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"time"
)

// probeHost starts bin the way Chromium does and asks hello. It tells the
// suite whether serve mode exists yet, and gives a clear error if the host
// itself is broken (before any browser is involved).
func probeHost(bin string, env []string) (map[string]any, error) {
	cmd := exec.Command(bin, "chrome-extension://"+chromeExtID+"/")
	cmd.Env = env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	msg := []byte(`{"id":1,"type":"hello"}`)
	var hdr [4]byte
	binary.NativeEndian.PutUint32(hdr[:], uint32(len(msg)))
	stdin.Write(append(hdr[:], msg...))
	type result struct {
		m   map[string]any
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var h [4]byte
		if _, err := io.ReadFull(stdout, h[:]); err != nil {
			ch <- result{err: fmt.Errorf("no reply frame: %v", err)}
			return
		}
		n := binary.NativeEndian.Uint32(h[:])
		if n > 1<<20 {
			ch <- result{err: fmt.Errorf("reply frame of %d bytes", n)}
			return
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(stdout, b); err != nil {
			ch <- result{err: err}
			return
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			ch <- result{err: fmt.Errorf("reply is not JSON: %v", err)}
			return
		}
		ch <- result{m: m}
	}()
	select {
	case r := <-ch:
		return r.m, r.err
	case <-time.After(5 * time.Second):
		return nil, fmt.Errorf("no reply to hello within 5s")
	}
}
