#pragma once
// Names the Hub hands us or the user types, checked before they become URLs or paths in the cache.

#include <string>

namespace i2v::hub {

// "ORG/NAME": both parts [A-Za-z0-9._-], not starting with '.' or '-', no "--" or ".." (the Hub's rules,
// which also keep models--ORG--NAME unambiguous), at most 96 characters each.
bool isValidRepoId(const std::string& repoId);
// A branch, tag or commit ("main", "v1.0", "refs/pr/3", a 40-hex sha): printable ASCII, no "..", no
// leading '/', no backslash, at most 256 characters. It becomes refs/<revision> in the cache.
bool isValidRevision(const std::string& revision);
// A 40-character lower-case hex commit id.
bool isCommitHash(const std::string& s);
// A file path inside a repository that is safe to join under snapshots/<commit>/: relative, '/'-separated,
// no empty, "." or ".." segment, no backslash or control character, at most 1024 characters.
bool isSafeRepoPath(const std::string& path);

struct RepoRef {
    std::string repoId;
    std::string revision; // "main" when none was given
};
// "ORG/NAME" or "ORG/NAME@REV". Throws I2vError(InvalidArgument) naming the text when it is not valid.
RepoRef parseRepoRef(const std::string& text);

// Python fnmatch semantics as huggingface_hub's allow_patterns use them: '*' matches any run of characters
// including '/', '?' one character, [...] a set. Case-sensitive.
bool matchesPattern(const std::string& path, const std::string& pattern);

} // namespace i2v::hub
