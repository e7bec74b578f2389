//go:build linux

package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	socketx "github.com/libsocketx/socketx-go"
)

// echoServer accepts one connection on ln and echoes it to the end of stream.
func echoServer(t *testing.T, ln *socketx.Socket) <-chan error {
	done := make(chan error, 1)
	go func() {
		c, _, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		_, err = io.Copy(c, c)
		done <- err
	}()
	return done
}

func TestRunUnixAndTCP(t *testing.T) {
	path := filepath.Join(t.TempDir(), "echo.sock")
	for _, kind := range []string{"unix", "tcp"} {
		var ln *socketx.Socket
		var err error
		var addr *socketx.Addr
		if kind == "unix" {
			ln, err = socketx.Open(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
			if err == nil {
				addr, err = socketx.UnixAddr(path)
			}
		} else {
			ln, err = socketx.Open(socketx.AF_INET, socketx.SOCK_STREAM, 0)
			if err == nil {
				addr, err = socketx.InetAddr("127.0.0.1", 0)
			}
		}
		if err == nil {
			err = ln.Bind(addr)
		}
		if err == nil {
			err = ln.Listen(1)
		}
		if err != nil {
			t.Fatal(err)
		}
		done := echoServer(t, ln)
		var out bytes.Buffer
		target := kind + ":" + ln.LocalAddr().String()
		if err := run(&out, target, []string{"one", "", "two words"}); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		ln.Close()
		if !strings.Contains(out.String(), `sent "two words", got back "two words"`) {
			t.Fatalf("output:\n%s", out.String())
		}
	}
	if err := run(io.Discard, "tcp:127.0.0.1", nil); err == nil {
		t.Fatal("a target without a port must fail")
	}
}
