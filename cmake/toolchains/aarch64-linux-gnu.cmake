# SPDX-License-Identifier: MIT
# Cross build for aarch64-linux-gnu with Debian's cross compilers (gcc-aarch64-linux-gnu,
# g++-aarch64-linux-gnu); the target's libraries are in /usr/aarch64-linux-gnu. What CMake must run
# (Catch2's test discovery, add_test) runs under qemu-aarch64 -L /usr/aarch64-linux-gnu (qemu-user),
# unless CMAKE_CROSSCOMPILING_EMULATOR is given. scripts/cross-test.sh uses this file:
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Catch2 is header-only: its CMake package in /usr/lib/cmake serves every architecture.
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

find_program(SOCKETX_QEMU_AARCH64 qemu-aarch64)
if(SOCKETX_QEMU_AARCH64 AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SOCKETX_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()
