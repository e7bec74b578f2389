// SPDX-License-Identifier: MIT

//go:build 386 || arm || mips || mipsle

package socketx

// The SWIG layer in internal/native is generated for a 64-bit Go int (generate.sh runs
// SWIG with -intgosize 64): its C side reads every Go string and slice header with 64-bit
// lengths. Built for a target whose int has 32 bits it would compile, then read the wrong
// words on every call that passes a string or a slice. This file is built only for such
// targets, and stops the build there with the name below as the reason.
var _ = the_socketx_Go_binding_needs_a_64_bit_target_its_SWIG_layer_is_generated_with_intgosize_64
