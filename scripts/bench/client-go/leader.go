package main

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

// One candidate per process: the TS side kills the process to test takeover,
// and sends "release" to test hand-over. Events: started-leading, stopped-leading.
var candidate struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func elect(req request) (reply, error) {
	if candidate.cancel != nil {
		return nil, fmt.Errorf("this process already campaigns")
	}
	cs, err := clientset(req.Kubeconfig)
	if err != nil {
		return nil, err
	}
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: req.Namespace, Name: req.Name},
		Client:     cs.CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: req.Identity},
	}
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   ms(req.LeaseMs),
		RenewDeadline:   ms(req.RenewMs),
		RetryPeriod:     ms(req.RetryMs),
		ReleaseOnCancel: true, // as the TS side's releaseOnCancel: a stopped leader clears the lease
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { emit("started-leading", reply{"identity": req.Identity}) },
			OnStoppedLeading: func() { emit("stopped-leading", reply{"identity": req.Identity}) },
		},
	})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	candidate.cancel, candidate.done = cancel, make(chan struct{})
	go func() {
		defer close(candidate.done)
		elector.Run(ctx)
	}()
	return reply{}, nil
}

// release stops campaigning; a leader clears the lease on the way out (ReleaseOnCancel).
func release() (reply, error) {
	if candidate.cancel == nil {
		return nil, fmt.Errorf("this process does not campaign")
	}
	candidate.cancel()
	<-candidate.done
	return reply{}, nil
}
