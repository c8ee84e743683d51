//go:build !race

package guest

const raceOn = false
