package main

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// createLoop creates one ConfigMap in each namespace, one after another: the
// floor for what the mirror controller does when one source fans out.
func createLoop(req request) (reply, error) {
	cs, err := clientset(req.Kubeconfig)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	for _, namespace := range req.Namespaces {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: req.Name}, Data: map[string]string{"key": "value"}}
		if _, err := cs.CoreV1().ConfigMaps(namespace).Create(context.Background(), cm, metav1.CreateOptions{}); err != nil {
			return nil, err
		}
	}
	return reply{"ms": float64(time.Since(start).Microseconds()) / 1000}, nil
}
