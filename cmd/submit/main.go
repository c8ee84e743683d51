// Command submit runs natsexec jobs: JavaScript, TypeScript or WASM programs
// executed by a natsexec worker fleet over NATS.
//
//	submit run [flags] FILE|- [-- ARGS...]   run a program, print its output, exit with its code
//	submit get [flags] ID                    print a stored result
//	submit cancel [flags] ID                 cancel a queued or running job
//	submit dead ls|show ID|retry ID|purge    jobs that failed every attempt
//	submit bench [flags]                     the cold-start matrix (see bench/)
//	submit soak [flags]                      the chaos soak: fault containment end to end
//	submit version | help [COMMAND]
//
// The guest's stdout and stderr are copied byte for byte to submit's own.
// Exit codes:
//
//	0-255  status ok: the guest's own exit code
//	1      guest_error: the guest threw (the error is printed on stderr)
//	2      usage error, or the program does not bundle (run FILE)
//	65     rejected: the worker (or submit, before sending) found the job invalid
//	66     an input (program, --stdin, --file) cannot be read
//	69     infra_error, NATS unreachable, or no worker/stream on this NATS
//	70     anything else (a bad result, an internal error)
//	73     an --output-file cannot be written locally
//	75     get: no result yet (try again, or use get --wait); dead: no such dead letter
//	124    timeout: the guest ran past --timeout
//	130    cancelled (by submit cancel, or by interrupting submit run)
//	137    killed: the guest hit its memory or output limit
//
// All logic lives in the other files of this package and in client/; main
// only hands over the process's streams and arguments.
package main

import (
	"os"

	"github.com/natsexec/natsexec/worker/sidecar"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
		os.Exit(sidecar.Main(os.Args[2:]))
	}
	os.Exit(doMain(os.Stdin, os.Stdout, os.Stderr, os.Args[1:]))
}
