#pragma once
// Lists the user's own templates (Rename…, Delete) and the team's shared ones (marked "team", read-only;
// built-ins are not listed: they cannot change), with Import… (a template file becomes the user's own)
// and Export… (the selected template to a file). Every change is saved by the TemplateStore immediately.

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace i2v {
class TemplateStore;
}

namespace i2v {
namespace ui {

class TemplateManagerDialog : public QDialog {
    Q_OBJECT
public:
    TemplateManagerDialog(TemplateStore* store, const QString& locale, QWidget* parent = nullptr);

    // What the Import…/Export… buttons run after their file dialogs (tests call these directly).
    bool importFrom(const QString& file);
    bool exportCurrentTo(const QString& file);
    QListWidget* list() const { return m_list; }

signals:
    void storeError(const QString& detail);

private:
    void reload();
    void updateButtons();
    void renameCurrent();
    void deleteCurrent();

    TemplateStore* m_store;
    QString m_locale;
    QListWidget* m_list;
    QLabel* m_teamNote;
    QPushButton* m_rename;
    QPushButton* m_delete;
    QPushButton* m_import;
    QPushButton* m_export;
};

} // namespace ui
} // namespace i2v
