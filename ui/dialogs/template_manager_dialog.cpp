#include "ui/dialogs/template_manager_dialog.h"

#include "core/base/error.h"
#include "core/presets/template_store.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace i2v {
namespace ui {

TemplateManagerDialog::TemplateManagerDialog(TemplateStore* store, const QString& locale, QWidget* parent)
    : QDialog(parent), m_store(store), m_locale(locale), m_list(new QListWidget(this)),
      m_rename(new QPushButton(tr("Rename…"), this)), m_delete(new QPushButton(tr("Delete"), this))
{
    setWindowTitle(tr("Your templates"));
    resize(420, 360);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Built-in templates cannot be changed; these are the ones you saved."), this));
    layout->addLayout(row);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_rename, &QPushButton::clicked, this, &TemplateManagerDialog::renameCurrent);
    connect(m_delete, &QPushButton::clicked, this, &TemplateManagerDialog::deleteCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_rename->setEnabled(row >= 0);
        m_delete->setEnabled(row >= 0);
    });
    reload();
}

void TemplateManagerDialog::reload()
{
    m_list->clear();
    for (const PromptTemplate& t : m_store->userTemplates()) {
        auto* item = new QListWidgetItem(QString::fromStdString(t.localizedName(m_locale.toStdString())), m_list);
        item->setData(Qt::UserRole, QString::fromStdString(t.id));
        item->setToolTip(QString::fromStdString(t.localizedPrompt(m_locale.toStdString())));
    }
    m_list->setCurrentRow(m_list->count() > 0 ? 0 : -1);
    m_rename->setEnabled(m_list->currentRow() >= 0);
    m_delete->setEnabled(m_list->currentRow() >= 0);
}

void TemplateManagerDialog::renameCurrent()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename template"), tr("New name:"), QLineEdit::Normal, item->text(), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    try {
        m_store->rename(item->data(Qt::UserRole).toString().toStdString(), name.toStdString());
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    reload();
}

void TemplateManagerDialog::deleteCurrent()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    if (QMessageBox::question(this, tr("Delete template"), tr("Delete the template \"%1\"?").arg(item->text())) !=
        QMessageBox::Yes)
        return;
    try {
        m_store->remove(item->data(Qt::UserRole).toString().toStdString());
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    reload();
}

} // namespace ui
} // namespace i2v
