// SPDX-License-Identifier: MIT

//go:build linux && !race

package socketx

const raceEnabled = false
