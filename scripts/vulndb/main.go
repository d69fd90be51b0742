// Command vulndb builds a local Go vulnerability database for govulncheck
// from a downloaded golang.org/x/vulndb module, for machines that cannot
// reach vuln.go.dev. It reads the module's OSV entries, data/osv/GO-*.json,
// and writes the v1 layout that `govulncheck -db file:///DIR` reads
// (https://go.dev/security/vuln/database#api):
//
//	DIR/index/db.json        {"modified": T}
//	DIR/index/modules.json   [{"path": M, "vulns": [{"id": ID, "modified": T}]}]
//	DIR/ID/<ID>.json         each entry, as it is in the module
//
// govulncheck v1.9.0 reads nothing else. The optional "fixed" of a
// modules.json vuln is left out: it only lets a client skip entries
// without reading them. The entries' own times are zero (vuln.go.dev takes
// them from the repository's history), so db.json's is the time of the
// module version.
//
// Usage, with the module's `go mod download -json` on standard input:
//
//	go mod download -json golang.org/x/vulndb@VERSION | go run ./scripts/vulndb -o DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// entry is the part of an OSV entry the index needs.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Affected []struct {
		Module struct {
			Path string `json:"name"`
		} `json:"package"`
	} `json:"affected"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
}

type module struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("vulndb: ")
	out := flag.String("o", "", "directory to write the database to (must not exist)")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		log.Fatal("usage: go mod download -json golang.org/x/vulndb@VERSION | vulndb -o DIR")
	}

	var dl struct{ Dir, Info, Error string }
	if err := json.NewDecoder(os.Stdin).Decode(&dl); err != nil {
		log.Fatalf("reading go mod download -json output: %v", err)
	}
	if dl.Error != "" || dl.Dir == "" {
		log.Fatalf("module not downloaded: %s", dl.Error)
	}
	var info struct{ Time time.Time }
	if b, err := os.ReadFile(dl.Info); err != nil {
		log.Fatal(err)
	} else if err := json.Unmarshal(b, &info); err != nil {
		log.Fatalf("%s: %v", dl.Info, err)
	}

	files, err := filepath.Glob(filepath.Join(dl.Dir, "data", "osv", "GO-*.json"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no OSV entries in %s/data/osv", dl.Dir)
	}
	if err := os.MkdirAll(filepath.Join(*out, "index"), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(*out, "ID"), 0o755); err != nil {
		log.Fatal(err)
	}

	modified := info.Time.UTC()
	modules := map[string]*module{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		var e entry
		if err := json.Unmarshal(b, &e); err != nil {
			log.Fatalf("%s: %v", f, err)
		}
		if filepath.Base(f) != e.ID+".json" {
			log.Fatalf("%s: holds entry %q", f, e.ID)
		}
		if e.Modified.After(modified) {
			modified = e.Modified
		}
		for _, a := range e.Affected {
			m := modules[a.Module.Path]
			if m == nil {
				m = &module{Path: a.Module.Path}
				modules[a.Module.Path] = m
			}
			if n := len(m.Vulns); n == 0 || m.Vulns[n-1].ID != e.ID { // once per module
				m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified})
			}
		}
		if err := os.WriteFile(filepath.Join(*out, "ID", e.ID+".json"), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}

	index := make([]*module, 0, len(modules))
	for _, m := range modules {
		index = append(index, m)
	}
	sort.Slice(index, func(i, j int) bool { return index[i].Path < index[j].Path })
	writeJSON(filepath.Join(*out, "index", "modules.json"), index)
	writeJSON(filepath.Join(*out, "index", "db.json"), map[string]time.Time{"modified": modified})
	fmt.Printf("vulndb: %d OSV entries for %d modules, as of %s\n",
		len(files), len(index), modified.Format(time.DateOnly))
}

func writeJSON(name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
