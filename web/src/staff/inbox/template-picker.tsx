/** "Standardsvar": pick one of the unit's templates and insert its text into the answer (to edit before sending). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Select } from '../../ui/index.js';
import { useTemplates } from './inbox-api.js';

export function TemplatePicker({ unitId, onInsert }: { unitId: string; onInsert: (text: string) => void }) {
  const { t } = useTranslation('inbox');
  const templates = useTemplates(unitId);
  const [chosen, setChosen] = useState('');
  const list = templates.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="template-picker">
      <Select
        id="template-choice"
        label={t('templates.label')}
        hint={t('templates.hint')}
        value={chosen}
        onChange={(e) => setChosen(e.target.value)}
        options={[{ value: '', label: t('templates.choose') }, ...list.map((x) => ({ value: x.id, label: x.title }))]}
      />
      <Button
        variant="secondary"
        disabled={!chosen}
        onClick={() => {
          const template = list.find((x) => x.id === chosen);
          if (!template) return;
          onInsert(template.body);
          setChosen('');
          document.getElementById('template-choice')?.blur();
        }}
      >
        {t('templates.insert')}
      </Button>
    </div>
  );
}
