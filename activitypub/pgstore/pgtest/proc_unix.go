//go:build unix && !linux

package pgtest

import (
	"os"
	"syscall"
)

// procAttr returns how to start initdb or postgres: as the user as when it
// is not nil, in a process group of its own so that a Ctrl-C reaches only
// the test binary, which then stops the server.
func procAttr(as *owner, _ bool) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if as != nil {
		attr.Credential = &syscall.Credential{Uid: as.uid, Gid: as.gid}
	}
	return attr
}

// fastShutdown asks postgres to close its connections and stop.
func fastShutdown(p *os.Process) error { return p.Signal(syscall.SIGINT) }

// immediateShutdown tells postgres to stop at once.
func immediateShutdown(p *os.Process) error { return p.Signal(syscall.SIGQUIT) }
