// SPDX-License-Identifier: MIT

//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
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

// The descriptor-passing mode against a server written here: it answers "FILE\n" with
// one byte and the descriptor of a file.
func TestRecvFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fd.sock")
	content := "line one\nline two\n"
	file := filepath.Join(dir, "shared.txt")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := socketx.Open(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr, err := socketx.UnixAddr(path)
	if err == nil {
		err = ln.Bind(addr)
	}
	if err == nil {
		err = ln.Listen(1)
	}
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		c, _, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		req := make([]byte, 5)
		if _, err := io.ReadFull(c, req); err != nil || string(req) != "FILE\n" {
			done <- fmt.Errorf("request %q, %v", req, err)
			return
		}
		f, err := os.Open(file)
		if err != nil {
			done <- err
			return
		}
		defer f.Close()
		_, err = c.SendFiles([]byte("F"), f)
		done <- err
	}()
	var out bytes.Buffer
	if err := recvFile(&out, "unix:"+path); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if out.String() != content {
		t.Fatalf("printed %q, want %q", out.String(), content)
	}
}
