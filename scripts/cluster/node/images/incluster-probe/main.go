// incluster-probe talks to the API server the way client-go's InClusterConfig
// does: KUBERNETES_SERVICE_HOST/PORT (the `kubernetes` Service, via kube-proxy),
// the ServiceAccount token and CA mounted into the pod. It prints one line per
// request ("configmaps 200", "secrets 403") and exits 1 only when the API
// server cannot be reached at all, so a node self-test can read the verdicts
// from the pod's logs.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

const serviceAccount = "/var/run/secrets/kubernetes.io/serviceaccount"

func main() {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	token, err1 := os.ReadFile(serviceAccount + "/token")
	ca, err2 := os.ReadFile(serviceAccount + "/ca.crt")
	namespace, err3 := os.ReadFile(serviceAccount + "/namespace")
	if host == "" || err1 != nil || err2 != nil || err3 != nil {
		fmt.Println("not in a pod: no KUBERNETES_SERVICE_HOST or no ServiceAccount mount")
		os.Exit(1)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	fmt.Printf("server %s\n", net.JoinHostPort(host, port))
	for _, resource := range []string{"configmaps", "secrets"} {
		url := fmt.Sprintf("https://%s/api/v1/namespaces/%s/%s", net.JoinHostPort(host, port), strings.TrimSpace(string(namespace)), resource)
		request, _ := http.NewRequest(http.MethodGet, url, nil)
		request.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
		response, err := client.Do(request)
		if err != nil {
			fmt.Printf("%s error %v\n", resource, err)
			os.Exit(1)
		}
		response.Body.Close()
		fmt.Printf("%s %d\n", resource, response.StatusCode)
	}
}
