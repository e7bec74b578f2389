// SPDX-License-Identifier: MIT

//go:build linux

package socketx_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"syscall"
	"time"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

// serve answers each line a client sends with the line upper-cased, until the client
// shuts its side down. The connection is used through net.Conn only.
func serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewScanner(conn)
	for r.Scan() {
		if _, err := fmt.Fprintln(conn, strings.ToUpper(r.Text())); err != nil {
			return
		}
	}
}

// A TCP server and its client on the loopback interface (the same code as in
// docs/bindings/go.md).
func Example_tcpClientServer() {
	// Server: bind to a free port on 127.0.0.1, listen, accept in a goroutine.
	ln, err := socketx.Open(socketx.AF_INET, socketx.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	if err := ln.SetSockOptInt(socketx.SOL_SOCKET, socketx.SO_REUSEADDR, 1); err != nil {
		log.Fatal(err)
	}
	any, err := socketx.InetAddr("127.0.0.1", 0)
	if err != nil {
		log.Fatal(err)
	}
	if err := ln.Bind(any); err != nil {
		log.Fatal(err)
	}
	if err := ln.Listen(socketx.BacklogDefault); err != nil {
		log.Fatal(err)
	}
	addr, err := ln.SockName()
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for {
			conn, _, err := ln.Accept()
			if errors.Is(err, net.ErrClosed) {
				return // the listener was closed
			} else if err != nil {
				log.Print(err)
				return
			}
			go serve(conn)
		}
	}()

	// Client: connect with a timeout, send two lines, read the answers.
	c, err := socketx.Open(socketx.AF_INET, socketx.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.SetTimeout(5 * time.Second); err != nil {
		log.Fatal(err)
	}
	if err := c.Connect(addr); errors.Is(err, syscall.ECONNREFUSED) {
		log.Fatal("nobody listens on ", addr)
	} else if err != nil {
		log.Fatal(err)
	}
	if _, err := io.WriteString(c, "hello\nlibsocketx\n"); err != nil {
		log.Fatal(err)
	}
	if err := c.Shutdown(socketx.SHUT_WR); err != nil {
		log.Fatal(err)
	}
	answer, err := io.ReadAll(c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(answer))
	// Output:
	// HELLO
	// LIBSOCKETX
}

// A timeout is os.ErrDeadlineExceeded and a net.Error whose Timeout() is true.
func ExampleSocket_SetTimeout() {
	a, b, err := socketx.SocketPair(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	b.SetTimeout(10 * time.Millisecond)
	_, err = b.Recv(make([]byte, 16), 0)
	var ne net.Error
	fmt.Println(errors.Is(err, socketx.ErrTimeout), errors.As(err, &ne) && ne.Timeout())
	// Output: true true
}

// Resolving a host and a service, and the service database.
func ExampleGetAddrInfo() {
	infos, err := socketx.GetAddrInfo("localhost", "http", socketx.AF_INET, socketx.SOCK_STREAM, 0, 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, ai := range infos {
		fmt.Println(ai.Addr, ai.Proto == socketx.IPPROTO_TCP)
		ai.Addr.Close()
	}
	port, err := socketx.GetServByName("http", "tcp")
	fmt.Println(port, err)
	// Output:
	// 127.0.0.1:80 true
	// 80 <nil>
}

// create_server and create_connection; with WithAllErrors a failure lists every attempt.
func ExampleCreateConnection() {
	addr, err := socketx.InetAddr("127.0.0.1", 0)
	if err != nil {
		log.Fatal(err)
	}
	defer addr.Close()
	ln, err := socketx.CreateServer(addr, socketx.BacklogDefault, false, false)
	if err != nil {
		log.Fatal(err)
	}
	local, err := ln.SockName()
	if err != nil {
		log.Fatal(err)
	}
	defer local.Close()
	port, _ := local.Port()

	c, err := socketx.CreateConnection("127.0.0.1", port, socketx.WithTimeout(5*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("connected, timeout", c.Timeout())
	c.Close()

	ln.Close() // nobody listens on port now
	_, err = socketx.CreateConnection("127.0.0.1", port, socketx.WithAllErrors())
	var ce *socketx.ConnectError
	if errors.As(err, &ce) {
		fmt.Println(len(ce.Attempts), "attempt(s); refused:", errors.Is(err, syscall.ECONNREFUSED))
	}
	// Output:
	// connected, timeout 5s
	// 1 attempt(s); refused: true
}
