// Package guest runs untrusted programs: JavaScript and TypeScript on goja
// with a Node-compatible surface, and WASI modules on wazero. It knows
// nothing of NATS or processes; a sidecar hosts it.
//
// A Host holds what is worth sharing across VMs in one process (compiled
// modules, transformed sources, compiled programs). A VM is one isolated
// execution environment: a private directory reached only through os.Root
// and wazero's directory mount, the job's env and args, and its limits.
//
// The life of a VM follows the reference's phases:
//
//	vm, _ := host.NewVM(ctx)            // vm_create
//	vm.Configure(cfg)                   // vm_configure
//	vm.MountNode(ctx)                   // runtime_mount_node
//	vm.MountWASM(ctx)                   // runtime_mount_wasm
//	res := vm.Exec(ctx, req)            // first_exec, then warm_exec
//	vm.Reset(ctx)                       // fresh guest state for a resident runner
//	vm.Close()
//
// goja has no hard memory cap. A VM checks its heap budget while it runs and
// stops the guest when it is passed, but in a process shared by many VMs the
// check is an estimate; the sidecar process limit is the hard line.
package guest
