#pragma once
// Engine/model picker: every weight-free family, every model folder found by the families' discover()
// and every folder the user added, plus "Add model folder…" (probes the folder with the registry and
// refuses folders no family recognises). Items are keyed "family:<id>" or "folder:<path>".
// At start-up the window lists the weight-free engines at once (populateBuiltIn) and finds model folders on a
// pool thread (discoverInBackground): scanning the Hugging Face cache and probing folders must not delay the
// first paint. The list fills in when the scan is done, keeping the user's choice.

#include <QComboBox>
#include <QString>
#include <QStringList>
#include <QVector>

namespace i2v {
class ModelFamily;
}

namespace i2v {
namespace ui {

class ModelSelector : public QComboBox {
    Q_OBJECT
public:
    explicit ModelSelector(QWidget* parent = nullptr);

    // Rebuilds the list; `userFolders` are folders added earlier (kept in settings). Scans on this thread.
    void populate(const QStringList& userFolders);
    // Only the engines that need no weights (no disk access), until discoverInBackground() is done.
    void populateBuiltIn();
    // Scans the model folders (families' discover() and `userFolders`) on a pool thread, then rebuilds the
    // list on the GUI thread and emits discoveryFinished(). The current choice is kept, and a key asked for
    // with selectKeyWhenFound() is selected once it is found.
    void discoverInBackground(const QStringList& userFolders);
    bool discovering() const { return m_discovering; }
    // Selects `key` now if listed, else when the next (or running) discovery finds it. True if selected now.
    bool selectKeyWhenFound(const QString& key);
    QString currentKey() const;
    bool selectKey(const QString& key); // false if not in the list
    const ModelFamily* currentFamily() const;
    QString currentFolder() const; // empty for weight-free families
    QStringList userFolders() const { return m_userFolders; }
    // Adds `folder` if a family recognises it; returns false (and selects nothing) otherwise.
    bool addFolder(const QString& folder);

signals:
    void modelChanged();
    void addFolderRequested(); // the "Add model folder…" item was chosen; the owner shows a dialog
    void folderRejected(const QString& folder);
    void discoveryFinished();

private:
    // One model folder found on disk: enough to label it on the GUI thread.
    struct Found {
        QString path;
        std::string familyId;
        std::string familyDisplayName;
        QString modelId;   // empty for a user-added folder (its folder name is shown)
        QString revision;
    };
    static QVector<Found> scan(const QStringList& userFolders);
    void rebuild(const QVector<Found>& found);
    void onActivated(int index);
    QVector<Found> m_found;
    QString m_wantedKey;
    bool m_discovering = false;
    int m_generation = 0;
    int m_previousIndex = 0;
    QStringList m_userFolders;
};

} // namespace ui
} // namespace i2v
