package guest

import (
	"maps"
	"slices"
	"strings"
)

// What a bundler targeting the guest needs (package bundle): the names it
// must leave to the guest's require, the syntax to lower, and the banner
// that tells the guest a source needs no transform of its own.

// BuiltinModules returns the names of the guest's built-in modules, sorted,
// without the "node:" prefix (require takes both forms).
func BuiltinModules() []string {
	return slices.Sorted(maps.Keys(builtinModules))
}

// EsbuildSupported returns the esbuild "supported" map the guest transforms
// with: the syntax goja lacks, which esbuild lowers. A bundle built with it
// (target esnext, format cjs) runs in the guest as it is.
func EsbuildSupported() map[string]bool {
	return maps.Clone(gojaUnsupported)
}

// BundleBanner starts the first line (after any hashbang) of a source built
// by package bundle. The guest compiles such a source as it is, without its
// own esbuild pass: the bundle is already CommonJS lowered for goja, and a
// second pass over megabytes of code would only cost time (its inline source
// map would survive it: esbuild chains an input map). A hand-written source
// that starts with the banner only skips that pass, so ES module syntax in it
// is a SyntaxError; it gains nothing else.
const BundleBanner = "// natsexec:bundle"

// isBundle reports whether src starts with BundleBanner.
func isBundle(src string) bool {
	if strings.HasPrefix(src, "#!") {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			return false
		}
		src = src[i+1:]
	}
	return strings.HasPrefix(src, BundleBanner)
}
