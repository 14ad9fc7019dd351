#pragma once
// TemplateStore: the built-in templates (read-only, given as JSON text by the caller, who reads them
// from resources) plus the user's own, persisted in one JSON file written atomically on every change.
// A user file that cannot be read as templates is never lost: it is renamed to
// "<file>.corrupt-<YYYYmmdd-HHMMSS>" and the store starts again from the defaults (built-ins only).
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

    // Built-ins first (file order), then user templates (creation order).
    std::vector<PromptTemplate> all() const;
    const std::vector<PromptTemplate>& builtins() const { return m_builtins; }
    const std::vector<PromptTemplate>& userTemplates() const { return m_user; }
    std::optional<PromptTemplate> find(const std::string& id) const;

    // Adds a user template (a fresh id is assigned; builtin cleared), saves, returns the id.
    std::string add(PromptTemplate t);
    // Renames a user template in every locale it has (built-ins cannot be renamed: InvalidArgument). Saves.
    void rename(const std::string& id, const std::string& newName);
    // Deletes a user template (InvalidArgument for built-ins or unknown ids). Saves.
    void remove(const std::string& id);

    // Where the last load() moved a corrupt file, if it did.
    const std::optional<std::filesystem::path>& backupPath() const { return m_backup; }
    const std::filesystem::path& userFile() const { return m_userFile; }

private:
    void save() const;
    PromptTemplate* findUser(const std::string& id);

    std::filesystem::path m_userFile;
    std::vector<PromptTemplate> m_builtins;
    std::vector<PromptTemplate> m_user;
    std::optional<std::filesystem::path> m_backup;
};

} // namespace i2v
