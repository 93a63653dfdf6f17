//go:build !unix

package pgtest

import (
	"os"
	"syscall"
)

// procAttr returns nil: without Unix signals and users there is nothing to
// set.
func procAttr(*owner, bool) *syscall.SysProcAttr { return nil }

// fastShutdown stops postgres: without Unix signals, by killing it.
func fastShutdown(p *os.Process) error { return p.Kill() }

// immediateShutdown stops postgres: without Unix signals, by killing it.
func immediateShutdown(p *os.Process) error { return p.Kill() }
