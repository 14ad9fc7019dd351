#include "core/presets/template_store.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/paths.h"

#include <algorithm>

namespace i2v {

TemplateStore::TemplateStore(std::filesystem::path userFile, const std::string& builtinJson)
    : m_userFile(std::move(userFile)), m_builtins(templatesFromJson(builtinJson))
{
    for (PromptTemplate& t : m_builtins)
        t.builtin = true;
}

void TemplateStore::load()
{
    m_user.clear();
    m_backup.reset();
    std::error_code ec;
    if (!fs::exists(m_userFile, ec))
        return;
    try {
        m_user = templatesFromJson(readFileBytes(m_userFile, 16u << 20));
        for (PromptTemplate& t : m_user)
            t.builtin = false;
        return;
    } catch (const I2vError& e) {
        if (e.code() == ErrorCode::FileUnreadable || e.code() == ErrorCode::FileNotFound)
            throw;
        logWarning("templates: " + m_userFile.string() + " is damaged (" + e.what() + "); keeping it as a backup");
    }
    // Corrupt: keep the bytes under a new name, then start again from the defaults.
    const fs::path backup = corruptBackupPath(m_userFile);
    renameNoReplace(m_userFile, backup);
    m_backup = backup;
    m_user.clear();
    save();
}

void TemplateStore::setTeamFolder(const fs::path& folder)
{
    m_teamFolder = folder;
    m_team.clear();
    m_teamWarnings.clear();
    if (folder.empty())
        return;
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".json" && entry.is_regular_file(ec))
            files.push_back(entry.path());
    if (ec) {
        m_teamWarnings.push_back(folder.string() + ": " + ec.message());
        return;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        try {
            for (PromptTemplate& t : templatesFromJson(readFileBytes(file, 16u << 20))) {
                t.id = "team:" + file.stem().string() + ":" + t.id;
                t.builtin = false;
                t.team = true;
                m_team.push_back(std::move(t));
            }
        } catch (const I2vError& e) {
            m_teamWarnings.push_back(file.string() + ": " + e.what());
            logWarning("team templates: " + file.string() + " skipped (" + e.what() + ")");
        }
    }
}

std::vector<std::string> TemplateStore::importFile(const fs::path& file)
{
    std::vector<PromptTemplate> incoming;
    try {
        incoming = templatesFromJson(readFileBytes(file, 16u << 20));
    } catch (const I2vError& e) {
        if (e.code() != ErrorCode::InvalidArgument)
            throw;
        fail(ErrorCode::InvalidArgument, file.string() + " is not a template file: " + e.what());
    }
    const std::vector<PromptTemplate> before = m_user;
    std::vector<std::string> ids;
    try {
        for (PromptTemplate& t : incoming) {
            t.id = freshId();
            t.builtin = false;
            t.team = false;
            if (t.name.empty())
                t.name["en"] = file.stem().string();
            ids.push_back(t.id);
            m_user.push_back(std::move(t));
        }
        save();
    } catch (...) {
        m_user = before;
        throw;
    }
    return ids;
}

void TemplateStore::exportFile(const std::vector<std::string>& ids, const fs::path& file) const
{
    std::vector<PromptTemplate> out;
    for (const std::string& id : ids) {
        auto t = find(id);
        if (!t)
            fail(ErrorCode::InvalidArgument, "template \"" + id + "\" is unknown; nothing was exported");
        out.push_back(*t);
    }
    writeFileAtomic(file, templatesToJson(out), /*overwrite=*/false);
}

std::vector<PromptTemplate> TemplateStore::all() const
{
    std::vector<PromptTemplate> out = m_builtins;
    out.insert(out.end(), m_team.begin(), m_team.end());
    out.insert(out.end(), m_user.begin(), m_user.end());
    return out;
}

std::optional<PromptTemplate> TemplateStore::find(const std::string& id) const
{
    for (const auto* list : {&m_builtins, &m_team, &m_user})
        for (const PromptTemplate& t : *list)
            if (t.id == id)
                return t;
    return std::nullopt;
}

PromptTemplate* TemplateStore::findUser(const std::string& id)
{
    for (PromptTemplate& t : m_user)
        if (t.id == id)
            return &t;
    return nullptr;
}

std::string TemplateStore::freshId() const
{
    const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    int n = 1;
    std::string id;
    do {
        id = "user-" + std::to_string(stamp) + "-" + std::to_string(n++);
    } while (find(id) || std::any_of(m_user.begin(), m_user.end(), [&](const PromptTemplate& u) { return u.id == id; }));
    return id;
}

std::string TemplateStore::add(PromptTemplate t)
{
    const std::string id = freshId();
    t.id = id;
    t.builtin = false;
    t.team = false;
    if (t.name.empty())
        fail(ErrorCode::InvalidArgument, "a template needs a name");
    m_user.push_back(std::move(t));
    save();
    return id;
}

void TemplateStore::rename(const std::string& id, const std::string& newName)
{
    PromptTemplate* t = findUser(id);
    if (!t)
        fail(ErrorCode::InvalidArgument, "template \"" + id + "\" is built in, shared by the team or unknown; it cannot be renamed");
    if (newName.empty())
        fail(ErrorCode::InvalidArgument, "a template needs a name");
    if (t->name.empty())
        t->name["en"] = newName;
    for (auto& [locale, text] : t->name)
        text = newName;
    save();
}

void TemplateStore::remove(const std::string& id)
{
    for (auto it = m_user.begin(); it != m_user.end(); ++it) {
        if (it->id == id) {
            m_user.erase(it);
            save();
            return;
        }
    }
    fail(ErrorCode::InvalidArgument, "template \"" + id + "\" is built in, shared by the team or unknown; it cannot be deleted");
}

void TemplateStore::save() const
{
    ensureWritableDir(m_userFile.parent_path(), true);
    writeFileAtomic(m_userFile, templatesToJson(m_user), /*overwrite=*/true);
}

} // namespace i2v
