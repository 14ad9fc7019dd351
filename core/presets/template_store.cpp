#include "core/presets/template_store.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/paths.h"

#include <chrono>
#include <ctime>

namespace i2v {
namespace {

std::string timestampNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::localtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y%m%d-%H%M%S", &tm);
    return buf;
}

} // namespace

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
    const fs::path backup = uniquePath(m_userFile.parent_path() /
                                       (m_userFile.filename().string() + ".corrupt-" + timestampNow()));
    renameNoReplace(m_userFile, backup);
    m_backup = backup;
    m_user.clear();
    save();
}

std::vector<PromptTemplate> TemplateStore::all() const
{
    std::vector<PromptTemplate> out = m_builtins;
    out.insert(out.end(), m_user.begin(), m_user.end());
    return out;
}

std::optional<PromptTemplate> TemplateStore::find(const std::string& id) const
{
    for (const auto* list : {&m_builtins, &m_user})
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

std::string TemplateStore::add(PromptTemplate t)
{
    const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    int n = 1;
    std::string id;
    do {
        id = "user-" + std::to_string(stamp) + "-" + std::to_string(n++);
    } while (find(id));
    t.id = id;
    t.builtin = false;
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
        fail(ErrorCode::InvalidArgument, "template \"" + id + "\" is built in or unknown; it cannot be renamed");
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
    fail(ErrorCode::InvalidArgument, "template \"" + id + "\" is built in or unknown; it cannot be deleted");
}

void TemplateStore::save() const
{
    ensureWritableDir(m_userFile.parent_path(), true);
    writeFileAtomic(m_userFile, templatesToJson(m_user), /*overwrite=*/true);
}

} // namespace i2v
