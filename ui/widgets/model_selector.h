#pragma once
// Engine/model picker: every weight-free family, every model folder found by the families' discover()
// and every folder the user added, plus "Add model folder…" (probes the folder with the registry and
// refuses folders no family recognises) and "Get models…" (the download dialog). Items are keyed
// "family:<id>" or "folder:<path>".

#include <QComboBox>
#include <QString>
#include <QStringList>

namespace i2v {
class ModelFamily;
}

namespace i2v {
namespace ui {

class ModelSelector : public QComboBox {
    Q_OBJECT
public:
    explicit ModelSelector(QWidget* parent = nullptr);

    // Rebuilds the list; `userFolders` are folders added earlier (kept in settings).
    void populate(const QStringList& userFolders);
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
    void getModelsRequested(); // the "Get models…" item was chosen; the owner shows the models dialog
    void folderRejected(const QString& folder);

private:
    void onActivated(int index);
    int m_previousIndex = 0;
    QStringList m_userFolders;
};

} // namespace ui
} // namespace i2v
