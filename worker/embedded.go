package worker

import (
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// EmbeddedOptions configure the NATS server a worker starts when it is
// given no URL to join.
type EmbeddedOptions struct {
	Host     string // default 127.0.0.1
	Port     int    // default 4222; -1 picks a free port
	StoreDir string // JetStream data; default a temp dir
	// MaxPayload bounds one message; jobs carry modules of up to 32 MiB.
	MaxPayload int32
	// ConfigFile is a nats-server configuration (accounts, users and their
	// permissions, TLS: see deploy/nats-tenants.conf) the server loads;
	// Host, Port and StoreDir above still say where it listens and stores,
	// and JetStream is always on.
	ConfigFile string
	// Logger receives the server's own log lines; nil drops them.
	Logger *slog.Logger
}

// serverLog adapts slog to nats-server's logger interface.
type serverLog struct{ l *slog.Logger }

func (s serverLog) Noticef(f string, a ...any) { s.l.Info(fmt.Sprintf(f, a...)) }
func (s serverLog) Warnf(f string, a ...any)   { s.l.Warn(fmt.Sprintf(f, a...)) }
func (s serverLog) Fatalf(f string, a ...any)  { s.l.Error(fmt.Sprintf(f, a...)) }
func (s serverLog) Errorf(f string, a ...any)  { s.l.Error(fmt.Sprintf(f, a...)) }
func (s serverLog) Debugf(f string, a ...any)  { s.l.Debug(fmt.Sprintf(f, a...)) }
func (s serverLog) Tracef(f string, a ...any)  { s.l.Debug(fmt.Sprintf(f, a...)) }

// StartEmbedded runs the real nats-server in this process with JetStream,
// so one command brings up everything a worker needs.
func StartEmbedded(opts EmbeddedOptions) (*server.Server, error) {
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Port == 0 {
		opts.Port = 4222
	}
	if opts.MaxPayload == 0 {
		opts.MaxPayload = 40 << 20
	}
	if opts.Port > 0 {
		// nats-server only logs a busy port and then never becomes ready;
		// say so at once instead of after the readiness timeout.
		addr := net.JoinHostPort(opts.Host, strconv.Itoa(opts.Port))
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("embedded nats: %w (is another worker or nats-server running? use --nats-url to join it, or --listen-port)", err)
		}
		l.Close()
	}
	so := &server.Options{}
	if opts.ConfigFile != "" {
		var err error
		if so, err = server.ProcessConfigFile(opts.ConfigFile); err != nil {
			return nil, fmt.Errorf("embedded nats: config: %w", err)
		}
	}
	so.ServerName = "natsexec-embedded"
	so.Host, so.Port = opts.Host, opts.Port
	so.JetStream = true
	so.StoreDir = opts.StoreDir
	if so.MaxPayload == 0 {
		so.MaxPayload = opts.MaxPayload
	}
	// Large jobs need a matching pending allowance per connection.
	so.MaxPending = max(so.MaxPending, 256<<20)
	so.NoSigs = true
	ns, err := server.NewServer(so)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	if opts.Logger != nil {
		ns.SetLoggerV2(serverLog{opts.Logger.With("component", "nats-server")}, false, false, false)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded nats: not ready on %s:%d after 10s", opts.Host, opts.Port)
	}
	return ns, nil
}
