// pause holds a pod's namespaces open, as registry.k8s.io/pause does, so the
// local node needs no image registry. It is PID 1 of every pod sandbox: it
// reaps orphans re-parented to it, and exits at once on SIGTERM or SIGINT
// (a PID 1 has no default signal handlers, so ignoring them would make every
// pod stop wait for the kill timeout).
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 16)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		reapChildren()
	}
}

func reapChildren() {
	for {
		pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}
