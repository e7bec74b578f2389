// SPDX-License-Identifier: MIT

module github.com/libsocketx/socketx-go

go 1.19
