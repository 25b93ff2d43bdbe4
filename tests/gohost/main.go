// gohost launches a plugin executable through hashicorp/go-plugin's client with the handshake
// configuration Grafana uses (grafana/grafana-plugin-sdk-go:backend/grpcplugin/handshake.go:
// magic cookie grafana_plugin_type=datasource, protocol version 2, gRPC only), pings the health
// service, and calls Kill. It prints one JSON line with what it saw so the xunit test can check it.
//
// Usage: gohost <plugin executable> [args...]
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"golang.org/x/net/context"
	"google.golang.org/grpc"
)

// datasourcePlugin only dials; the test talks to the plugin's services through the raw connection.
type datasourcePlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (datasourcePlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }

func (datasourcePlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, conn *grpc.ClientConn) (interface{}, error) {
	return conn, nil
}

type report struct {
	NegotiatedVersion int     `json:"negotiatedVersion"`
	Protocol          string  `json:"protocol"`
	Address           string  `json:"address"`
	PingError         string  `json:"pingError"`
	KillSeconds       float64 `json:"killSeconds"`
	ExitedAfterKill   bool    `json:"exitedAfterKill"`
	Error             string  `json:"error,omitempty"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gohost <plugin executable> [args...]")
		os.Exit(2)
	}
	out := report{}
	defer func() {
		line, _ := json.Marshal(out)
		fmt.Println(string(line))
		if out.Error != "" {
			os.Exit(1)
		}
	}()

	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  2,
			MagicCookieKey:   "grafana_plugin_type",
			MagicCookieValue: "datasource",
		},
		VersionedPlugins: map[int]plugin.PluginSet{
			2: {"datasource": datasourcePlugin{}},
		},
		Cmd:              exec.Command(os.Args[1], os.Args[2:]...),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		StartTimeout:     30 * time.Second,
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:   "gohost",
			Output: os.Stderr,
			Level:  hclog.Debug,
		}),
	})

	rpcClient, err := client.Client()
	if err != nil {
		out.Error = "start: " + err.Error()
		client.Kill()
		return
	}
	out.NegotiatedVersion = client.NegotiatedVersion()
	out.Protocol = string(client.Protocol())
	if addr := client.ReattachConfig(); addr != nil && addr.Addr != nil {
		out.Address = addr.Addr.String()
	}
	if err := rpcClient.Ping(); err != nil {
		out.PingError = err.Error()
	}

	started := time.Now()
	client.Kill()
	out.KillSeconds = time.Since(started).Seconds()
	out.ExitedAfterKill = client.Exited()
}
