// Command memserve is the reference for bench/layer-vs-nginx.sh: a minimal
// Go net/http server answering every GET with one file's bytes from memory
// (as gzip when the file is gzip), what a Go server serving the same bytes
// can reach on this machine.
//
//	go run ./bench/memserve [-headers FILE] FILE [CONTENT-TYPE]
//
// With -headers it also sends the header lines of FILE ("Name: value", as
// curl -D writes them; the status line, Date, Content-Length and Connection
// are skipped): the same response bytes as the server they were taken from,
// so the comparison is of the work per response, not of its header count.
package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	args := os.Args[1:]
	extra := http.Header{}
	if len(args) > 1 && args[0] == "-headers" {
		raw, err := os.ReadFile(args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			switch k := http.CanonicalHeaderKey(strings.TrimSpace(name)); {
			case !ok || k == "Date" || k == "Content-Length" || k == "Connection":
			default:
				extra[k] = append(extra[k], strings.TrimSpace(value))
			}
		}
		args = args[2:]
	}
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: memserve [-headers FILE] FILE [CONTENT-TYPE]")
		os.Exit(2)
	}
	body, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ct := "application/geo+json"
	if len(args) > 1 {
		ct = args[1]
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
		for k, v := range extra {
			h[k] = v
		}
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
