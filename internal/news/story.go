package news

import (
	"context"
	"time"
)

// Story is one real-world event and the articles that report it.
type Story struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`

	// The fields below are derived from the story's articles when a story is
	// read from a store; they are ignored on write.
	ArticleCount int      `json:"article_count"`
	Outlets      []string `json:"outlets,omitempty"`
	Langs        []string `json:"langs,omitempty"`
	// FirstSeen and LastSeen span the publication times of the story's
	// articles, or their ingestion times when none is dated.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// Undated is true when none of the story's articles carries a
	// publication time: FirstSeen and LastSeen are then when they were
	// stored, not when they were published.
	Undated bool `json:"undated,omitempty"`
	// MaxRisk is the highest risk among the story's article reports.
	MaxRisk float64 `json:"max_risk"`

	// State is the clustering stage's opaque representation of the story
	// (its centroid and counts), kept so that a dormant story can be loaded
	// back into memory when a late article arrives.
	State []byte `json:"-"`

	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// StoryFilter selects stories. Nil fields do not filter.
type StoryFilter struct {
	ID     *int64
	Outlet *string // stories with at least one article from this outlet
	Lang   *string // stories with at least one article in this language
	// MinRisk keeps stories whose highest article risk is at least this.
	MinRisk *float64
	// Since and Until bound the story's latest activity: the latest
	// publication time of its articles, or ingestion time of an undated
	// one (so an undated copy keeps a story active).
	Since, Until *time.Time
	// NonEmpty leaves out stories without articles: a story is created
	// before its first article is assigned to it (in the same batch write,
	// which may not have happened yet), and a killed process can leave one
	// empty until the next writer prunes it. Listings for readers set it.
	NonEmpty bool

	Offset int
	Limit  int // 0 means no limit
}

// StoryStore stores stories. Implementations are safe for concurrent use.
type StoryStore interface {
	// CreateStory stores a new story and sets its ID and timestamps.
	CreateStory(ctx context.Context, s *Story) error

	// UpdateStory saves the story's Title and State. Returns ENOTFOUND if it
	// does not exist.
	UpdateStory(ctx context.Context, s *Story) error

	// AssignArticle puts an article in a story and saves the story's
	// clustering state (which counts the article), and its title when the
	// stored one is empty, in one transaction: both or neither, so that a
	// failed write never leaves a state that counts an article the story
	// does not hold, nor the reverse. The clusterer calls it at every
	// article it adds. Returns ENOTFOUND if the article or the story does
	// not exist.
	AssignArticle(ctx context.Context, articleID, storyID int64, state []byte, title string) error

	// FindStoryByID returns the story with its derived fields. Returns
	// ENOTFOUND if it does not exist.
	FindStoryByID(ctx context.Context, id int64) (*Story, error)

	// FindStories returns the matching stories, most recently active first,
	// and the total number of matches ignoring Offset and Limit.
	FindStories(ctx context.Context, f StoryFilter) ([]*Story, int, error)

	// PruneStories deletes the stories that have no articles left (after
	// re-clustering) and returns how many it deleted.
	PruneStories(ctx context.Context) (int, error)
}

// AssignerLocker is implemented by stores that several processes share
// (both backends): WithAssignerLock runs fn while no other process assigns
// articles to stories, so that two never cluster one article twice (nor,
// when they sync their clusterers under it, open two stories for one
// event).
type AssignerLocker interface {
	WithAssignerLock(ctx context.Context, fn func() error) error
}

// StoryChanges is implemented by stores that several processes share. Each
// change of a story's clustering state takes the next change number, given
// by the store rather than by any process's clock, so that a process can
// refresh its clusterer with what the others changed.
type StoryChanges interface {
	// StoriesChangedSince returns the states of the stories (with a
	// state) changed after change number after, and the last change
	// number among them (after if none).
	StoriesChangedSince(ctx context.Context, after int64) (states map[int64][]byte, last int64, err error)
	// LastStoryChange returns the latest change number.
	LastStoryChange(ctx context.Context) (int64, error)
}
