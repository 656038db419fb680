// Command client-go-bench is the Go half of `npm run bench -- vs-client-go`:
// the same workloads as the TypeScript side, run with client-go itself.
//
// Protocol (JSON lines): one request per stdin line, {"id": n, "op": "...", ...};
// one reply per request on stdout, {"id": n, ...figures} or {"id": n, "error": "..."};
// unsolicited events (leader election) as {"event": "...", ...}. Nothing else is
// written to stdout, so the TypeScript side can parse every line.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// request carries every op's arguments; each op reads the fields it needs.
type request struct {
	ID         int      `json:"id"`
	Op         string   `json:"op"`
	Kubeconfig string   `json:"kubeconfig"`
	Namespace  string   `json:"namespace"`
	Namespaces []string `json:"namespaces"`
	Name       string   `json:"name"`
	Transform  bool     `json:"transform"`
	Workload   string   `json:"workload"`
	Identity   string   `json:"identity"`
	LeaseMs    int      `json:"leaseMs"`
	RenewMs    int      `json:"renewMs"`
	RetryMs    int      `json:"retryMs"`
}

type reply map[string]any

var out = struct {
	sync.Mutex
	enc *json.Encoder
}{enc: json.NewEncoder(os.Stdout)}

// send writes one line; a mutex because leader-election events come from other goroutines.
func send(msg reply) {
	out.Lock()
	defer out.Unlock()
	_ = out.enc.Encode(msg)
}

func emit(event string, fields reply) {
	msg := reply{"event": event}
	for k, v := range fields {
		msg[k] = v
	}
	send(msg)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20) // kubeconfigs and namespace lists are longer than 64 KiB lines allow
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			send(reply{"error": fmt.Sprintf("bad request: %v", err)})
			continue
		}
		result, err := handle(req)
		if err != nil {
			send(reply{"id": req.ID, "error": err.Error()})
			continue
		}
		result["id"] = req.ID
		send(result)
	}
}

func handle(req request) (reply, error) {
	switch req.Op {
	case "gc":
		// Settle the heap and hand freed pages back, so VmRSS read next is what is live.
		runtime.GC()
		debug.FreeOSMemory()
		var stats runtime.MemStats
		runtime.ReadMemStats(&stats)
		return reply{"heapMiB": float64(stats.HeapAlloc) / (1 << 20)}, nil
	case "informer-sync":
		return informerSync(req)
	case "informer-stop":
		return informerStop()
	case "queue":
		return queueThroughput(req.Workload)
	case "elect":
		return elect(req)
	case "release":
		return release()
	case "create-loop":
		return createLoop(req)
	}
	return nil, fmt.Errorf("unknown op %q", req.Op)
}
