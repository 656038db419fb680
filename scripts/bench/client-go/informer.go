package main

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

// The informer of the last informer-sync, kept alive until informer-stop so
// the TypeScript side can read this process's VmRSS while the cache is full.
var running struct {
	stop     chan struct{}
	informer cache.SharedIndexInformer
}

// stripManagedFields is controller-runtime's TransformStripManagedFields, as the TS side's transform.
func stripManagedFields(obj any) (any, error) {
	if accessor, err := meta.Accessor(obj); err == nil {
		accessor.SetManagedFields(nil)
	}
	return obj, nil
}

// appIndex matches the TS side's labelIndexFunc('app'): the same second index on both sides.
func appIndex(obj any) ([]string, error) {
	cm, ok := obj.(*corev1.ConfigMap)
	if !ok {
		return nil, nil
	}
	if value, found := cm.Labels["app"]; found {
		return []string{value}, nil
	}
	return nil, nil
}

// informerSync starts a ConfigMap informer the way a client-go controller
// would (shared informer factory, namespace index built in, one label index
// added) and times it to HasSynced, polling as finely as the TS side does.
func informerSync(req request) (reply, error) {
	cs, err := clientset(req.Kubeconfig)
	if err != nil {
		return nil, err
	}
	options := []informers.SharedInformerOption{informers.WithNamespace(req.Namespace)}
	if req.Transform {
		options = append(options, informers.WithTransform(stripManagedFields))
	}
	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0, options...)
	informer := factory.Core().V1().ConfigMaps().Informer()
	if err := informer.AddIndexers(cache.Indexers{"app": appIndex}); err != nil {
		return nil, err
	}
	stop := make(chan struct{})
	start := time.Now()
	factory.Start(stop)
	for !informer.HasSynced() {
		time.Sleep(time.Millisecond)
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	running.stop, running.informer = stop, informer
	return reply{"ms": ms, "size": len(informer.GetStore().ListKeys())}, nil
}

func informerStop() (reply, error) {
	if running.stop == nil {
		return nil, fmt.Errorf("no informer is running")
	}
	close(running.stop)
	running.stop, running.informer = nil, nil
	return reply{}, nil
}
