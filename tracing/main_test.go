package tracing_test

import (
	"testing"

	"github.com/natsexec/natsexec/tracing"
	"go.opentelemetry.io/otel"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// Inject and Extract use the global propagator, as in production.
	otel.SetTextMapPropagator(tracing.Propagator())
	goleak.VerifyTestMain(m)
}
