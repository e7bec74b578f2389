// SPDX-License-Identifier: MIT

//go:build linux

// Command sxclient is the Go client of the cross-language demonstration: it connects to
// an echo server (the C echo_demo's, or any other), sends each message, and prints what
// it sent and what came back. It exits 1 on any error or mismatch.
//
//	sxclient unix:/path/to/socket [message ...]
//	sxclient tcp:127.0.0.1:7000 [message ...]
//
// The descriptor-passing mode receives an open file from a server over AF_UNIX and prints
// what the file holds:
//
//	sxclient recv-file unix:/path/to/socket
//
// Protocol: the client connects, sends the line "FILE\n", receives 1 or more bytes with
// one SCM_RIGHTS descriptor, reads the file from that descriptor to EOF and prints it.
//
// Every wait is bounded by a 10-second timeout, so a broken server fails it, not hangs it.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sxclient unix:PATH|tcp:HOST:PORT [message ...] | sxclient recv-file unix:PATH")
		os.Exit(2)
	}
	if os.Args[1] == "recv-file" {
		if len(os.Args) != 3 || !strings.HasPrefix(os.Args[2], "unix:") {
			fmt.Fprintln(os.Stderr, "usage: sxclient recv-file unix:PATH")
			os.Exit(2)
		}
		if err := recvFile(os.Stdout, os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "sxclient:", err)
			os.Exit(1)
		}
		return
	}
	msgs := os.Args[2:]
	if len(msgs) == 0 {
		msgs = []string{"hello from Go", "goodbye"}
	}
	if err := run(os.Stdout, os.Args[1], msgs); err != nil {
		fmt.Fprintln(os.Stderr, "sxclient:", err)
		os.Exit(1)
	}
}

// dial connects to "unix:PATH" or "tcp:HOST:PORT".
func dial(target string) (*socketx.Socket, error) {
	kind, rest, ok := strings.Cut(target, ":")
	if !ok {
		return nil, fmt.Errorf("target %q: want unix:PATH or tcp:HOST:PORT", target)
	}
	var (
		family int
		addr   *socketx.Addr
		err    error
	)
	switch kind {
	case "unix":
		family = socketx.AF_UNIX
		addr, err = socketx.UnixAddr(rest)
	case "tcp":
		i := strings.LastIndex(rest, ":")
		if i < 0 {
			return nil, fmt.Errorf("target %q: no port", target)
		}
		port, perr := strconv.Atoi(rest[i+1:])
		if perr != nil {
			return nil, fmt.Errorf("target %q: bad port", target)
		}
		family = socketx.AF_INET
		addr, err = socketx.InetAddr(rest[:i], port)
	default:
		return nil, fmt.Errorf("target %q: unknown kind %q", target, kind)
	}
	if err != nil {
		return nil, err
	}
	defer addr.Close()
	s, err := socketx.Open(family, socketx.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := s.SetTimeout(10 * time.Second); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Connect(addr); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// run sends each message and checks that the same bytes come back.
func run(out io.Writer, target string, msgs []string) error {
	s, err := dial(target)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(out, "Go client connected to %v from %v\n", s.RemoteAddr(), s.LocalAddr())
	for _, m := range msgs {
		if m == "" {
			continue // a stream carries no empty messages
		}
		if _, err := s.SendAll([]byte(m), 0); err != nil {
			return err
		}
		back := make([]byte, len(m))
		if _, err := io.ReadFull(s, back); err != nil {
			return fmt.Errorf("reading the echo of %q: %w", m, err)
		}
		fmt.Fprintf(out, "  Go client sent %q, got back %q\n", m, back)
		if !bytes.Equal(back, []byte(m)) {
			return fmt.Errorf("echo mismatch")
		}
	}
	return s.Shutdown(socketx.SHUT_WR)
}

// recvFile asks the server at "unix:PATH" for a file, receives its descriptor and copies
// the file to out.
func recvFile(out io.Writer, target string) error {
	s, err := dial(target)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.SendAll([]byte("FILE\n"), 0); err != nil {
		return err
	}
	n, files, _, err := s.RecvFiles(make([]byte, 64), 1)
	if err != nil {
		return err
	}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	switch {
	case n == 0:
		return fmt.Errorf("the server closed the connection without sending a file")
	case len(files) != 1:
		return fmt.Errorf("received %d bytes and %d descriptors, want one descriptor", n, len(files))
	}
	_, err = io.Copy(out, files[0])
	return err
}
