// Package crashtest runs `exportwatch serve` as a real process against the
// loopback fakes and kills it: its tests SIGKILL the service at random
// moments during crawling and sending and check that nothing is lost or
// sent twice. The helpers here (build the binary, run and signal it, read
// its peak memory) are shared with cmd/exportwatch-soak.
package crashtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// ModuleRoot returns the directory of the exportwatch go.mod, asking the go
// command from the current directory.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("crashtest: go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("crashtest: not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// Build compiles ./cmd/exportwatch of the module into dir and returns the
// binary's path.
func Build(ctx context.Context, dir string) (string, error) {
	root, err := ModuleRoot(ctx)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "exportwatch")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/exportwatch")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("crashtest: go build ./cmd/exportwatch: %w\n%s", err, stderr.String())
	}
	return bin, nil
}

// FreeAddr returns a loopback address with a port that was free a moment ago.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("crashtest: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Proc is a running exportwatch process.
type Proc struct {
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{}
	err  error // the Wait error, valid after done is closed
}

// Start runs bin with args, its stdout and stderr appended to logPath. The
// process is killed if the calling process dies (Pdeathsig).
func Start(bin string, args []string, logPath string) (*Proc, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("crashtest: log file: %w", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("crashtest: start %s: %w", bin, err)
	}
	p := &Proc{cmd: cmd, log: f, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	return p, nil
}

// PID is the process ID.
func (p *Proc) PID() int { return p.cmd.Process.Pid }

// Done is closed when the process has exited and been reaped.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has exited.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Signal sends sig unless the process has already exited.
func (p *Proc) Signal(sig syscall.Signal) error {
	if p.Exited() {
		return nil
	}
	if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("crashtest: signal %v to %d: %w", sig, p.PID(), err)
	}
	return nil
}

// Kill sends SIGKILL and waits until the process is reaped.
func (p *Proc) Kill() error {
	if err := p.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	<-p.done
	return nil
}

// Wait waits up to d for the process to exit and returns its exit code
// (-1 when killed by a signal).
func (p *Proc) Wait(d time.Duration) (int, error) {
	select {
	case <-p.done:
	case <-time.After(d):
		return 0, fmt.Errorf("crashtest: process %d still running after %v", p.PID(), d)
	}
	return p.cmd.ProcessState.ExitCode(), nil
}
