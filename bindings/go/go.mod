// SPDX-License-Identifier: MIT

module github.com/libsocketx/libsocketx/bindings/go

go 1.19
