package tracing

import (
	"context"
	"strings"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// HeaderCarrier adapts nats.Header to propagation.TextMapCarrier. Unlike
// propagation.HeaderCarrier it keeps keys exactly as the propagator spells
// them ("traceparent", "tracestate"): nats.Header is case-sensitive, and a
// canonicalised "Traceparent" would be invisible to other NATS clients.
type HeaderCarrier nats.Header

var _ propagation.TextMapCarrier = HeaderCarrier(nil)

// Get returns the first value for key. An exact match wins; failing that a
// case-insensitive one is taken, so a peer that canonicalised the key (an
// HTTP bridge, say) still propagates its trace.
func (c HeaderCarrier) Get(key string) string {
	if v := c[key]; len(v) > 0 {
		return v[0]
	}
	for k, v := range c {
		if len(v) > 0 && strings.EqualFold(k, key) {
			return v[0]
		}
	}
	return ""
}

// Set stores value under key exactly as given, dropping any other casing of
// the same key so a forwarded message carries one traceparent, not two.
func (c HeaderCarrier) Set(key, value string) {
	for k := range c {
		if k != key && strings.EqualFold(k, key) {
			delete(c, k)
		}
	}
	c[key] = []string{value}
}

// Keys lists the header keys.
func (c HeaderCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// Propagator returns the W3C TraceContext + Baggage propagator that Setup
// installs globally.
func Propagator() propagation.TextMapPropagator {
	return propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
}

// Inject writes the trace context of ctx into h with the global propagator.
// A nil h cannot be written and is left alone; use InjectMsg to have the
// header allocated. For another propagator call p.Inject(ctx, HeaderCarrier(h)).
func Inject(ctx context.Context, h nats.Header) {
	if h == nil {
		return
	}
	otel.GetTextMapPropagator().Inject(ctx, HeaderCarrier(h))
}

// InjectMsg is Inject into msg.Header, allocating the header if need be.
func InjectMsg(ctx context.Context, msg *nats.Msg) {
	if msg.Header == nil {
		msg.Header = nats.Header{}
	}
	Inject(ctx, msg.Header)
}

// Extract returns ctx carrying the remote trace context (and baggage) found
// in h, read with the global propagator. A nil h yields ctx unchanged.
func Extract(ctx context.Context, h nats.Header) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, HeaderCarrier(h))
}
