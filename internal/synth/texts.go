package synth

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// TextFile keeps the abstracts and bodies of an archive in one file, read
// back by document ID: the stand-in for the store that serves snippet
// texts to the index in benchmarks and load tests. Records are appended
// to PATH; the offsets by ID are written to PATH.ids by Close and read by
// OpenTextFile. It is safe for concurrent reads.
type TextFile struct {
	path string
	f    *os.File
	w    *bufio.Writer // nil when opened for reading
	size int64
	mu   sync.RWMutex
	off  map[string]int64
}

// CreateTextFile creates (or truncates) the text file at path.
func CreateTextFile(path string) (*TextFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("synth: text file: %w", err)
	}
	return &TextFile{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20), off: map[string]int64{}}, nil
}

// OpenTextFile opens a text file written and closed by CreateTextFile's
// TextFile, for reading.
func OpenTextFile(path string) (*TextFile, error) {
	ids, err := os.Open(path + ".ids")
	if err != nil {
		return nil, fmt.Errorf("synth: text file index: %w", err)
	}
	defer ids.Close()
	t := &TextFile{path: path, off: map[string]int64{}}
	sc := bufio.NewScanner(ids)
	for sc.Scan() {
		id, o, ok := strings.Cut(sc.Text(), "\t")
		n, err := strconv.ParseInt(o, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("synth: text file index %s: bad line %q", path, sc.Text())
		}
		t.off[id] = n
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("synth: text file index %s: %w", path, err)
	}
	if t.f, err = os.Open(path); err != nil {
		return nil, fmt.Errorf("synth: text file: %w", err)
	}
	return t, nil
}

// Add appends the texts of document id.
func (t *TextFile) Add(id, abstract, body string) error {
	if t.w == nil {
		return errors.New("synth: text file opened for reading")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.off[id] = t.size
	var n [8]byte
	binary.LittleEndian.PutUint32(n[:4], uint32(len(abstract)))
	binary.LittleEndian.PutUint32(n[4:], uint32(len(body)))
	for _, s := range []string{string(n[:]), abstract, body} {
		if _, err := t.w.WriteString(s); err != nil {
			return fmt.Errorf("synth: text file: %w", err)
		}
	}
	t.size += int64(8 + len(abstract) + len(body))
	return nil
}

// Get reads the texts of document id; ok is false for an unknown id.
func (t *TextFile) Get(id string) (abstract, body string, ok bool, err error) {
	var off int64
	if t.w != nil { // written meanwhile: flush (under the write lock)
		t.mu.Lock()
		if off, ok = t.off[id]; ok {
			err = t.w.Flush()
		}
		t.mu.Unlock()
	} else {
		t.mu.RLock()
		off, ok = t.off[id]
		t.mu.RUnlock()
	}
	if !ok || err != nil {
		return "", "", false, err
	}
	var n [8]byte
	if _, err := t.f.ReadAt(n[:], off); err != nil {
		return "", "", false, fmt.Errorf("synth: text file %s: %w", id, err)
	}
	la, lb := binary.LittleEndian.Uint32(n[:4]), binary.LittleEndian.Uint32(n[4:])
	buf := make([]byte, la+lb)
	if _, err := t.f.ReadAt(buf, off+8); err != nil && !errors.Is(err, io.EOF) {
		return "", "", false, fmt.Errorf("synth: text file %s: %w", id, err)
	}
	s := string(buf)
	return s[:la], s[la:], true, nil
}

// Close flushes a created file and writes its ID index.
func (t *TextFile) Close() error {
	if t.w == nil {
		return t.f.Close()
	}
	err := t.w.Flush()
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("synth: text file: %w", err)
	}
	var b strings.Builder
	for id, o := range t.off {
		fmt.Fprintf(&b, "%s\t%d\n", id, o)
	}
	if err := os.WriteFile(t.path+".ids", []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("synth: text file index: %w", err)
	}
	return nil
}
