//go:build !race

package pgstore

// raceEnabled reports whether the race detector is on.
const raceEnabled = false
