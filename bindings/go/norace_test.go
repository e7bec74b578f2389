//go:build linux && !race

package socketx

const raceEnabled = false
