// A streaming chat endpoint on Go's net/http alone (Go 1.19, no modules needed): POST /api/chat
// answers the <chat-stream> element's default body `{ messages, stream: true }` with an
// OpenAI-compatible SSE stream of a canned reply (a mock model: no API key), one word per event.
// Each event is framed by a blank line, carries an `id:` and is flushed through http.Flusher as soon
// as it is written; a client that lost the connection reconnects with `Last-Event-ID` and gets the
// rest; r.Context().Done() stops the generation when the client disconnects. CORS answers one
// configured origin, preflight included. GET /api/stats counts generations started, completed and
// aborted (the tests read it).
//
//	PORT=8080 CORS_ORIGIN=http://localhost:5173 go run main.go
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"sync"
	"time"
)

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Messages []message `json:"messages"`
	Stream   bool      `json:"stream"`
}

type delta struct {
	Content string `json:"content"`
}

type choice struct {
	Index int   `json:"index"`
	Delta delta `json:"delta"`
}

type chunk struct {
	Choices []choice `json:"choices"`
}

type counters struct {
	mu        sync.Mutex
	Started   int `json:"started"`
	Completed int `json:"completed"`
	Aborted   int `json:"aborted"`
}

func (c *counters) add(field *int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*field++
}

var (
	stats      counters
	corsOrigin = envOr("CORS_ORIGIN", "http://localhost:5173")
	tokenDelay = time.Duration(envInt("TOKEN_DELAY_MS", 40)) * time.Millisecond
	words      = regexp.MustCompile(`\S+\s*`)
)

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func envInt(name string, fallback int) int {
	v, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		return fallback
	}
	return v
}

// replyTokens is the mock model: a canned reply that quotes the newest user message, split into words.
func replyTokens(messages []message) []string {
	lastUser := ""
	for i := len(messages) - 1; i >= 0; i-- {
		if messages[i].Role == "user" {
			lastUser = messages[i].Content
			break
		}
	}
	reply := fmt.Sprintf("Hello from go! You said: %s. This canned reply streams one word at a time.", lastUser)
	return words.FindAllString(reply, -1)
}

// cors adds the CORS headers for the configured origin and answers a preflight; it returns true when it did.
func cors(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Origin") == corsOrigin {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", corsOrigin)
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, Last-Event-ID")
		h.Set("Access-Control-Max-Age", "600")
		h.Add("Vary", "Origin")
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

func chat(w http.ResponseWriter, r *http.Request) {
	if cors(w, r) {
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "POST a JSON body { messages: [...] } to /api/chat", http.StatusMethodNotAllowed)
		return
	}
	var body chatRequest
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "expected a JSON body { messages: [...] }: "+err.Error(), http.StatusBadRequest)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "this ResponseWriter cannot flush, so it cannot stream", http.StatusInternalServerError)
		return
	}
	tokens := replyTokens(body.Messages)
	// Resume: ids are token indexes, so carry on after the last one the client saw.
	first := 0
	if lastID, err := strconv.Atoi(r.Header.Get("Last-Event-ID")); err == nil {
		first = lastID + 1
	}

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // tells nginx not to buffer this response
	w.WriteHeader(http.StatusOK)
	flusher.Flush()

	stats.add(&stats.Started)
	for i := first; i < len(tokens); i++ {
		select {
		case <-r.Context().Done():
			stats.add(&stats.Aborted) // the client went away: stop generating
			return
		case <-time.After(tokenDelay):
		}
		data, _ := json.Marshal(chunk{Choices: []choice{{Delta: delta{Content: tokens[i]}}}})
		// The blank line ("\n\n") ends the event; Flush sends it now instead of when a buffer fills.
		fmt.Fprintf(w, "id: %d\ndata: %s\n\n", i, data)
		flusher.Flush()
	}
	fmt.Fprintf(w, "id: %d\ndata: [DONE]\n\n", len(tokens))
	flusher.Flush()
	stats.add(&stats.Completed)
}

func statsHandler(w http.ResponseWriter, r *http.Request) {
	if cors(w, r) {
		return
	}
	stats.mu.Lock()
	defer stats.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	json.NewEncoder(w).Encode(&stats)
}

func main() {
	port := envOr("PORT", "8080")
	http.HandleFunc("/api/chat", chat)
	http.HandleFunc("/api/stats", statsHandler)
	log.Printf("go chat server on http://127.0.0.1:%s/api/chat", port)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
