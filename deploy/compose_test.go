package deploy

import (
	"bufio"
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/crawler/sources"
)

const repoRoot = ".."

// loadCompose loads ../docker-compose.yml as `docker compose` would, with
// the given profiles active and no environment (tokens unset).
func loadCompose(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root),
		cli.WithEnv([]string{}),
		cli.WithProfiles(profiles),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	return p
}

func TestComposeService(t *testing.T) {
	p := loadCompose(t)
	root, _ := filepath.Abs(repoRoot)

	ew, ok := p.Services["exportwatch"]
	if !ok {
		t.Fatalf("no exportwatch service; services: %v", p.ServiceNames())
	}
	if ew.Build == nil || filepath.Clean(ew.Build.Context) != root {
		t.Errorf("exportwatch build = %+v, want context %s (the repository root)", ew.Build, root)
	}
	if ew.Build != nil && ew.Build.Target != "" {
		t.Errorf("exportwatch builds target %q, want the Dockerfile's default (last) stage", ew.Build.Target)
	}
	checkDataVolume(t, p, ew, "exportwatch-data")
	checkPublished(t, ew, "8080")
	checkHealthz(t, ew, "http://127.0.0.1:8080/healthz")
	if ew.Restart != types.RestartPolicyUnlessStopped {
		t.Errorf("exportwatch restart = %q, want %q", ew.Restart, types.RestartPolicyUnlessStopped)
	}
	for _, k := range []string{"SLACK_BOT_TOKEN", "EXPORTWATCH_API_TOKEN"} {
		if _, ok := ew.Environment[k]; !ok {
			t.Errorf("exportwatch environment lacks %s (passed through from the host)", k)
		}
	}
	if len(ew.Profiles) != 0 {
		t.Errorf("exportwatch has profiles %v: it must start without one", ew.Profiles)
	}
	if _, ok := p.Services["fakefr"]; ok {
		t.Error("fakefr runs without the offline profile")
	}
	if _, ok := p.DisabledServices["fakefr"]; !ok {
		t.Error("no fakefr service (in a profile)")
	}
}

func TestComposeTokensFromEnvironment(t *testing.T) {
	root, _ := filepath.Abs(repoRoot)
	opts, err := cli.NewProjectOptions([]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root), cli.WithEnv([]string{"SLACK_BOT_TOKEN=xoxb-test", "EXPORTWATCH_API_TOKEN=api-test"}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	env := p.Services["exportwatch"].Environment
	for k, want := range map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "EXPORTWATCH_API_TOKEN": "api-test"} {
		if got := env[k]; got == nil || *got != want {
			t.Errorf("%s = %v, want %q from the host environment", k, got, want)
		}
	}
}

func TestComposeOfflineProfile(t *testing.T) {
	p := loadCompose(t, "offline")

	fake, ok := p.Services["fakefr"]
	if !ok {
		t.Fatalf("offline profile has no fakefr service; services: %v", p.ServiceNames())
	}
	if !slices.Contains(fake.Profiles, "offline") {
		t.Errorf("fakefr profiles = %v, want offline", fake.Profiles)
	}
	if fake.Build == nil || fake.Build.Target != "fakefr" {
		t.Errorf("fakefr build = %+v, want the Dockerfile's fakefr target", fake.Build)
	}
	if len(fake.Ports) != 0 {
		t.Errorf("fakefr publishes %v: it is reached on the compose network only", fake.Ports)
	}
	fakeAddr := flagValue(fake.Command, "-listen")
	_, fakePort, err := net.SplitHostPort(fakeAddr)
	if err != nil {
		t.Fatalf("fakefr command %q: -listen %q: %v", fake.Command, fakeAddr, err)
	}
	if host, _, _ := net.SplitHostPort(fakeAddr); host != "0.0.0.0" {
		t.Errorf("fakefr listens on %q: other containers cannot reach it", fakeAddr)
	}
	checkHealthz(t, fake, "http://127.0.0.1:"+fakePort+"/api/v1/")

	off, ok := p.Services["exportwatch-offline"]
	if !ok {
		t.Fatalf("offline profile has no exportwatch-offline service")
	}
	checkDataVolume(t, p, off, "exportwatch-offline-data")
	checkPublished(t, off, "8081")
	checkHealthz(t, off, "http://127.0.0.1:8080/healthz")
	if dep, ok := off.DependsOn["fakefr"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("exportwatch-offline depends_on = %+v, want fakefr service_healthy", off.DependsOn)
	}

	// Its config (as the image holds it) points the Federal Register source
	// at the fake, by service name and port.
	cfgPath := imageConfig(t, off)
	cfg := loadDeployConfig(t, cfgPath)
	var fr *federalregister.Section
	for i := range cfg.Sources {
		if cfg.Sources[i].Type == federalregister.Type {
			fr = cfg.Sources[i].Section.(*federalregister.Section)
		}
	}
	if fr == nil {
		t.Fatalf("%s has no federalregister source", cfgPath)
	}
	u, err := url.Parse(fr.BaseURL)
	if err != nil || u.Hostname() != "fakefr" || u.Port() != fakePort || u.Path != "/api/v1" {
		t.Errorf("%s: federal-register base_url = %q, want http://fakefr:%s/api/v1", cfgPath, fr.BaseURL, fakePort)
	}
	if len(cfg.Sources) != 1 {
		t.Errorf("%s has %d sources, want only the fake (offline means nothing leaves the machine)", cfgPath, len(cfg.Sources))
	}
}

// TestDeployConfigs loads the configs the image carries with the image's
// environment overrides: they validate and serve on the container's
// interfaces with data in /data.
func TestDeployConfigs(t *testing.T) {
	for _, name := range []string{"exportwatch.yaml", "offline.yaml"} {
		t.Run(name, func(t *testing.T) {
			cfg := loadDeployConfig(t, "/etc/exportwatch/"+name)
			if cfg.DataDir != "/data" {
				t.Errorf("data_dir = %q, want /data", cfg.DataDir)
			}
			if cfg.HTTP.Listen != "0.0.0.0:8080" {
				t.Errorf("http.listen = %q, want 0.0.0.0:8080", cfg.HTTP.Listen)
			}
			// The file alone (outside the image's environment) says the same.
			raw, err := config.Load(name, func(string) string { return "" }, sources.Kinds())
			if err != nil {
				t.Fatal(err)
			}
			if raw.DataDir != "/data" || raw.HTTP.Listen != "0.0.0.0:8080" {
				t.Errorf("without the image's environment: data_dir %q, listen %q", raw.DataDir, raw.HTTP.Listen)
			}
		})
	}
}

// TestDockerfile checks the Dockerfile against the compose file and the
// repository: the build targets compose names exist, the files it copies
// exist, and the runtime is static, non-root, with /data and port 8080.
func TestDockerfile(t *testing.T) {
	df := parseDockerfile(t)
	for _, want := range []string{
		"FROM golang:1.26 AS build",
		"CGO_ENABLED=0",
		`VOLUME ["/data"]`,
		"EXPOSE 8080",
		"USER 65532:65532",
		"--chown=65532:65532",
		"go build -ldflags=\"-s -w\" -o /out/exportwatch ./cmd/exportwatch",
		"./cmd/fakefr",
		"./deploy/healthcheck",
		"EXPORTWATCH_DATA_DIR=/data",
		"EXPORTWATCH_LISTEN=0.0.0.0:8080",
	} {
		if !strings.Contains(df.text, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if last := df.stages[len(df.stages)-1]; last != "exportwatch" {
		t.Errorf("last (default) stage is %q, want exportwatch", last)
	}
	for _, pkg := range []string{"cmd/exportwatch", "cmd/fakefr", "deploy/healthcheck", "deploy/exportwatch.yaml", "deploy/offline.yaml", "go.mod", "go.sum"} {
		if _, err := os.Stat(filepath.Join(repoRoot, pkg)); err != nil {
			t.Errorf("the Dockerfile needs %s: %v", pkg, err)
		}
	}
	p := loadCompose(t, "offline")
	for name, s := range p.Services {
		if s.Build != nil && s.Build.Target != "" && !slices.Contains(df.stages, s.Build.Target) {
			t.Errorf("service %s builds target %q; Dockerfile stages: %v", name, s.Build.Target, df.stages)
		}
		if s.HealthCheck != nil && len(s.HealthCheck.Test) > 1 && !strings.Contains(df.text, s.HealthCheck.Test[1]) {
			t.Errorf("service %s health check runs %s, which the image does not carry", name, s.HealthCheck.Test[1])
		}
	}
}

type dockerfile struct {
	text   string
	stages []string
}

var fromAs = regexp.MustCompile(`(?i)^FROM\s+\S+\s+AS\s+(\S+)`)

func parseDockerfile(t *testing.T) dockerfile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := dockerfile{text: string(b)}
	sc := bufio.NewScanner(strings.NewReader(df.text))
	for sc.Scan() {
		if m := fromAs.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
			df.stages = append(df.stages, m[1])
		}
	}
	if len(df.stages) == 0 {
		t.Fatal("Dockerfile has no named stage")
	}
	return df
}

// imageConfig maps a service's EXPORTWATCH_CONFIG (a path in the image) to
// the file in this directory the Dockerfile copies there.
func imageConfig(t *testing.T, s types.ServiceConfig) string {
	t.Helper()
	v := s.Environment["EXPORTWATCH_CONFIG"]
	if v == nil || !strings.HasPrefix(*v, "/etc/exportwatch/") {
		t.Fatalf("service %s: EXPORTWATCH_CONFIG = %v, want a file under /etc/exportwatch/", s.Name, v)
	}
	return *v
}

// loadDeployConfig loads the file the image holds at imagePath with the
// image's environment.
func loadDeployConfig(t *testing.T, imagePath string) config.Config {
	t.Helper()
	name := strings.TrimPrefix(imagePath, "/etc/exportwatch/")
	if !strings.Contains(parseDockerfile(t).text, "deploy/"+name) {
		t.Fatalf("the Dockerfile does not copy deploy/%s to /etc/exportwatch/", name)
	}
	env := map[string]string{"EXPORTWATCH_LISTEN": "0.0.0.0:8080", "EXPORTWATCH_DATA_DIR": "/data"}
	cfg, err := config.Load(name, func(k string) string { return env[k] }, sources.Kinds())
	if err != nil {
		t.Fatalf("deploy/%s: %v", name, err)
	}
	return cfg
}

func checkDataVolume(t *testing.T, p *types.Project, s types.ServiceConfig, volume string) {
	t.Helper()
	if _, ok := p.Volumes[volume]; !ok {
		t.Errorf("no top-level named volume %q; volumes: %v", volume, p.VolumeNames())
	}
	for _, v := range s.Volumes {
		if v.Target == "/data" {
			if v.Type != types.VolumeTypeVolume || v.Source != volume {
				t.Errorf("service %s mounts %s %q at /data, want the named volume %q", s.Name, v.Type, v.Source, volume)
			}
			return
		}
	}
	t.Errorf("service %s mounts nothing at /data: %+v", s.Name, s.Volumes)
}

func checkPublished(t *testing.T, s types.ServiceConfig, hostPort string) {
	t.Helper()
	for _, pc := range s.Ports {
		if pc.Target == 8080 {
			if pc.Published != hostPort || pc.HostIP != "127.0.0.1" || pc.Protocol != "tcp" {
				t.Errorf("service %s publishes 8080 as %s:%s/%s, want 127.0.0.1:%s/tcp", s.Name, pc.HostIP, pc.Published, pc.Protocol, hostPort)
			}
			return
		}
	}
	t.Errorf("service %s does not publish container port 8080: %+v", s.Name, s.Ports)
}

// checkHealthz wants an exec-form health check whose probe URL starts with
// urlPrefix.
func checkHealthz(t *testing.T, s types.ServiceConfig, urlPrefix string) {
	t.Helper()
	hc := s.HealthCheck
	if hc == nil || hc.Disable || len(hc.Test) < 3 || hc.Test[0] != "CMD" {
		t.Errorf("service %s health check = %+v, want [CMD probe URL]", s.Name, hc)
		return
	}
	if !strings.HasPrefix(hc.Test[len(hc.Test)-1], urlPrefix) {
		t.Errorf("service %s health check probes %q, want %s...", s.Name, hc.Test[len(hc.Test)-1], urlPrefix)
	}
	if hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil {
		t.Errorf("service %s health check without interval, timeout or retries: %+v", s.Name, hc)
	}
}

// flagValue returns the value after name in args ("" if absent).
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}
