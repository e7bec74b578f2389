// SPDX-License-Identifier: MIT

//go:build linux

package socketx_test

import (
	"fmt"
	"io"
	"log"
	"os"
	"syscall"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

// Passing an open file to another socket (another process, usually) and reading the
// credentials that come with a message.
func ExampleSocket_SendFiles() {
	a, b, err := socketx.SocketPair(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	r, w, err := os.Pipe()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprint(w, "through a passed pipe")
	w.Close()

	if _, err := a.SendFiles([]byte("F"), r); err != nil {
		log.Fatal(err)
	}
	r.Close() // the receiver has its own descriptor now
	_, files, _, err := b.RecvFiles(make([]byte, 1), 1)
	if err != nil {
		log.Fatal(err)
	}
	data, _ := io.ReadAll(files[0])
	files[0].Close()
	fmt.Println(string(data))

	// Typed control messages: credentials, checked by the kernel.
	b.SetSockOptInt(socketx.SOL_SOCKET, socketx.SO_PASSCRED, 1)
	me := syscall.Ucred{Pid: int32(os.Getpid()), Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())}
	if _, err := a.WriteMsgControl([]byte("c"), nil, socketx.Credentials(me)); err != nil {
		log.Fatal(err)
	}
	m, err := b.RecvMsg([][]byte{make([]byte, 1)}, 64, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	c, found, _ := m.Find(socketx.SOL_SOCKET, socketx.SCM_CREDENTIALS)
	cred, _ := c.Credentials()
	fmt.Println(found, cred.Pid == me.Pid)
	// Output:
	// through a passed pipe
	// true true
}
