package guest

// PLACEHOLDER until the node runtime lands; delete this file then.

import (
	"context"
	"errors"
)

type jsHost struct{}

func newJSHost(HostOptions) (*jsHost, error) { return &jsHost{}, nil }

type nodeRuntime struct{}

func newNodeRuntime(context.Context, *VM) (*nodeRuntime, error) {
	return nil, errors.New("node runtime not built yet")
}
func (n *nodeRuntime) exec(context.Context, ExecRequest) *ExecResult { return nil }
func (n *nodeRuntime) reset(context.Context) error                   { return nil }
func (n *nodeRuntime) close() error                                  { return nil }
