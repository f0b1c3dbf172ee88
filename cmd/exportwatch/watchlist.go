package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/exportwatch/exportwatch/internal/screening"
	"github.com/exportwatch/exportwatch/internal/subcmd"
	"github.com/exportwatch/exportwatch/store"
	"github.com/exportwatch/exportwatch/watchlist"
)

// watchlist is `watchlist import --name NAME FILE.csv | hits NAME | list`.
// It needs only the store, so it works while serve runs.
func (c *cli) watchlist(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	name := fs.String("name", "", "the watchlist to import into (import)")
	asJSON := fs.Bool("json", false, "print JSON (hits, list)")
	return func(pos []string) error {
		sub, args := pos[0], pos[1:]
		switch {
		case sub == "import" && (len(args) != 1 || *name == ""):
			return subcmd.Usagef("import needs --name NAME and one CSV file (header name,aliases,country,reference)")
		case sub == "hits" && len(args) != 1:
			return subcmd.Usagef("hits needs exactly one watchlist name")
		case sub == "list" && len(args) != 0:
			return subcmd.Usagef("list takes no arguments")
		case sub != "import" && sub != "hits" && sub != "list":
			return subcmd.Usagef("unknown subcommand %q (want import, hits or list)", sub)
		}
		var parties []watchlist.Party
		if sub == "import" {
			var err error
			if parties, err = readParties(args[0], c.stdin); err != nil {
				return err
			}
		}
		cfg, st, err := c.openStore()
		if err != nil {
			return err
		}
		defer st.Close()
		switch sub {
		case "import":
			return c.importWatchlist(st, screening.New(st, c.logger(cfg)), *name, parties)
		case "hits":
			hits, err := st.WatchlistHits(c.ctx, args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no watchlist %q (exportwatch watchlist list shows them)", args[0])
			}
			if err != nil {
				return err
			}
			if *asJSON {
				return c.jsonLine(nonNil(hits))
			}
			writeHits(c.stdout, hits)
		case "list":
			lists, err := st.Watchlists(c.ctx)
			if err != nil {
				return err
			}
			if *asJSON {
				return c.jsonLine(nonNil(lists))
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tPARTIES\tHITS\tREVISION\tUPDATED")
			for _, l := range lists {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", l.Name, l.Parties, l.Hits, l.Revision, l.UpdatedAt.Format(time.DateTime))
			}
			return tw.Flush()
		}
		return nil
	}
}

// readParties parses a watchlist CSV file ("-": standard input).
func readParties(path string, stdin io.Reader) ([]watchlist.Party, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	parties, err := watchlist.ParseCSV(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return parties, nil
}

// importWatchlist replaces the list, says "imported N parties", and
// screens the archive for it (hits are recorded, nobody is alerted).
func (c *cli) importWatchlist(st *store.Store, sc *screening.Screener, name string, parties []watchlist.Party) error {
	wl, res, err := screening.Import(c.ctx, st, sc, name, parties)
	if wl.Name == "" {
		return err // not imported
	}
	fmt.Fprintf(c.stdout, "imported %d parties\n", len(parties))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "screened %d documents (%d with Entity List entries): %d hits, %d new, in %s\n",
		res.Documents, res.Screened, res.Hits, res.New, res.Took.Round(time.Millisecond))
	return nil
}

// writeHits writes the hits table of `watchlist hits`, best first.
func writeHits(w io.Writer, hits []store.StoredHit) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCORE\tPARTY\tREFERENCE\tMATCHED NAME\tDOCUMENT\tACTION\tCOUNTRY\tSTAGE")
	for _, h := range hits {
		fmt.Fprintf(tw, "%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.Score, h.Party, dash(h.Reference), h.MatchedName,
			h.DocumentID, h.Action, dash(h.Country), strings.ReplaceAll(h.Stage, "_", " "))
	}
	tw.Flush()
	if len(hits) == 0 {
		fmt.Fprintln(w, "no hits")
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
