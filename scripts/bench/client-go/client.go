package main

import (
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// clientset from the kubeconfig text the TypeScript side hands over. Client-side
// throttling off (QPS < 0): client-node has none, and client-go's default of
// 5 requests/s would measure the limiter, not the client.
func clientset(kubeconfig string) (*kubernetes.Clientset, error) {
	config, err := clientcmd.RESTConfigFromKubeConfig([]byte(kubeconfig))
	if err != nil {
		return nil, err
	}
	config.QPS = -1
	config.UserAgent = "bare-controller-bench/client-go"
	return kubernetes.NewForConfig(config)
}
