#pragma once
// TemplateStore: the built-in templates (read-only, given as JSON text by the caller, who reads them
// from resources) plus the user's own, persisted in one JSON file written atomically on every change.
// A user file that cannot be read as templates is never lost: it is renamed to
// "<file>.corrupt-<YYYYmmdd-HHMMSS>" and the store starts again from the defaults (built-ins only).
// A team folder (e.g. on a network drive) adds read-only templates: every "*.json" template document in
// it is read (and migrated) on load; they are marked `team`, cannot be renamed or deleted, and a file in
// it that cannot be read is skipped and reported in teamWarnings(), never changed.
// Not thread-safe: use from one thread (the GUI thread).

#include "core/presets/prompt_template.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

class TemplateStore {
public:
    // userFile: e.g. userDataDir() / "templates.json" (its folder is created on the first save).
    // builtinJson: the built-in document; throws I2vError(InvalidArgument) if it does not parse (a bug).
    TemplateStore(std::filesystem::path userFile, const std::string& builtinJson);

    // Reads the user file (missing = no user templates). Never throws for a corrupt file: it is moved to
    // a backup (see backupPath()) and defaults are restored. Throws I2vError only when the backup or the
    // fresh file cannot be written (OutputUnwritable / DiskFull).
    void load();

    // The shared, read-only team folder; empty = none. Reads it now (see teamWarnings()). A folder that is
    // missing or unreachable gives no team templates and one warning; it is read again on the next call.
    void setTeamFolder(const std::filesystem::path& folder);
    const std::filesystem::path& teamFolder() const { return m_teamFolder; }
    // One line per team file or folder that could not be read ("<file>: <reason>").
    const std::vector<std::string>& teamWarnings() const { return m_teamWarnings; }

    // Built-ins first (file order), then team templates (file name order), then user templates (creation order).
    std::vector<PromptTemplate> all() const;
    const std::vector<PromptTemplate>& builtins() const { return m_builtins; }
    const std::vector<PromptTemplate>& teamTemplates() const { return m_team; }
    const std::vector<PromptTemplate>& userTemplates() const { return m_user; }
    std::optional<PromptTemplate> find(const std::string& id) const;

    // Adds a user template (a fresh id is assigned; builtin cleared), saves, returns the id.
    std::string add(PromptTemplate t);
    // Renames a user template in every locale it has (built-ins cannot be renamed: InvalidArgument). Saves.
    void rename(const std::string& id, const std::string& newName);
    // Deletes a user template (InvalidArgument for built-ins or unknown ids). Saves.
    void remove(const std::string& id);

    // Import: reads a template document (any schema version, migrated) and adds every template in it as
    // the user's own (fresh ids). Saves once; returns the new ids. Throws I2vError (FileNotFound,
    // InvalidArgument naming the file) and adds nothing when the file is not a template document.
    std::vector<std::string> importFile(const std::filesystem::path& file);
    // Export: writes the templates with these ids (any kind) as one document at the current schema
    // version. Never overwrites (OutputExists). Unknown ids: InvalidArgument.
    void exportFile(const std::vector<std::string>& ids, const std::filesystem::path& file) const;

    // Where the last load() moved a corrupt file, if it did.
    const std::optional<std::filesystem::path>& backupPath() const { return m_backup; }
    const std::filesystem::path& userFile() const { return m_userFile; }

private:
    void save() const;
    PromptTemplate* findUser(const std::string& id);
    std::string freshId() const;

    std::filesystem::path m_userFile;
    std::vector<PromptTemplate> m_builtins;
    std::vector<PromptTemplate> m_user;
    std::filesystem::path m_teamFolder;
    std::vector<PromptTemplate> m_team;
    std::vector<std::string> m_teamWarnings;
    std::optional<std::filesystem::path> m_backup;
};

} // namespace i2v
