package guest

import (
	"github.com/dop251/goja"
	"github.com/natsexec/natsexec/jobs"
)

// setNativeLimits holds the allocations a single goja built-in makes to the
// exec's memory budget, so one call can neither build a string or buffer
// past it nor run long enough to hold the runtime past an Interrupt: a
// longer string throws RangeError: Invalid string length, a bigger
// ArrayBuffer RangeError: Array buffer allocation failed, as V8 does at its
// own limits.
func setNativeLimits(rt *goja.Runtime, l jobs.Limits) {
	if l.MemoryBytes <= 0 {
		return
	}
	rt.SetMaxStringLength(int(min(goja.DefaultMaxStringLength, l.MemoryBytes)))
	rt.SetMaxArrayBufferBytes(l.MemoryBytes)
}
