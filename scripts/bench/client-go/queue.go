package main

import (
	"fmt"
	"time"

	"k8s.io/client-go/util/workqueue"
)

// The two work-queue workloads, key for key the same as the TS side's:
//
//	distinct: 100,000 keys added, added again (all de-duplicated), then get/done each;
//	hot:      100,000 adds over 1,000 keys in batches of 10,000, each batch drained.
//
// Figures: operations per second, where an operation is one add() call.
const queueKeys = 100_000

func queueThroughput(workload string) (reply, error) {
	q := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	defer q.ShutDown()
	var start time.Time
	var adds, cycles int
	switch workload {
	case "distinct":
		keys := make([]string, queueKeys)
		for i := range keys {
			keys[i] = fmt.Sprintf("namespace-%d/configmap-%d", i%100, i)
		}
		start = time.Now()
		for _, key := range keys {
			q.Add(key)
		}
		for _, key := range keys {
			q.Add(key)
		}
		for range keys {
			key, _ := q.Get()
			q.Done(key)
		}
		adds, cycles = 2*queueKeys, queueKeys
	case "hot":
		hot := make([]string, 1_000)
		for j := range hot {
			hot[j] = fmt.Sprintf("namespace-%d/hot-%d", j%10, j)
		}
		start = time.Now()
		for i := 0; i < queueKeys; i++ {
			q.Add(hot[(i*7919)%len(hot)])
			if (i+1)%10_000 == 0 {
				for q.Len() > 0 {
					key, _ := q.Get()
					q.Done(key)
					cycles++
				}
			}
		}
		adds = queueKeys
	default:
		return nil, fmt.Errorf("unknown queue workload %q", workload)
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	return reply{"ms": ms, "adds": adds, "cycles": cycles}, nil
}
