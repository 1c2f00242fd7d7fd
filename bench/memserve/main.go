// Command memserve is the reference for bench/layer-vs-nginx.sh: a minimal
// Go net/http server answering every GET with one file's bytes from memory
// (as gzip when the file is gzip), what a Go server serving the same bytes
// can reach on this machine.
//
//	go run ./bench/memserve FILE [CONTENT-TYPE]
package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: memserve FILE [CONTENT-TYPE]")
		os.Exit(2)
	}
	body, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ct := "application/geo+json"
	if len(os.Args) > 2 {
		ct = os.Args[2]
	}
	gz := bytes.HasPrefix(body, []byte{0x1f, 0x8b})
	length := strconv.Itoa(len(body))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	err = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Content-Length", length)
		if gz {
			h.Set("Content-Encoding", "gzip")
		}
		w.Write(body)
	}))
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
